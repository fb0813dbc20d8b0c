namespace Fleet.Monitoring.Ingestion;

/// <summary>
/// A 64-bit FNV-1a hash of a string's UTF-16 code units. Stable across processes (unlike
/// string.GetHashCode), so hashed ids survive a checkpoint; never returns 0, which marks an empty slot.
/// </summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(string text)
    {
        var hash = OffsetBasis;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }
        return hash == 0 ? 1 : hash;
    }
}
