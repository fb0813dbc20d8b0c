using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Fleet.Users;

/// <summary>
/// A request's user id as the 64-bit key the monitor counts: XxHash3 of the id's UTF-16 code units, taken where the id is
/// read (the HTTP API), so no raw user id reaches a grain, the batch log or a checkpoint. Stable across processes.
/// </summary>
public static class UserKey
{
    public static ulong Of(string user) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(user.AsSpan()));
}
