using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Turns a selector into model ids. A percentage picks the same models for the same seed and the same
/// selector, wherever it is written: an expectation with the injection's selector means its models.
/// </summary>
public static class TargetResolver
{
    public static IReadOnlyList<string> Resolve(TargetSelector selector, IEnumerable<SimulatedModel> fleet, int seed)
    {
        var matching = fleet.Where(m => selector.Matches(m.Id, m.Domain, m.Tags, m.DataSources)).Select(m => m.Id).ToList();
        if (selector.Percent is not { } percent) return matching;
        var take = (int)Math.Ceiling(matching.Count * percent / 100);
        var key = selector.Key();
        return matching.OrderBy(id => Rank(seed, key, id)).ThenBy(id => id, StringComparer.Ordinal).Take(take).ToList();
    }

    /// <summary>
    /// Where a model falls in a percentage pick: the first 8 bytes of SHA-256 over (seed, selector, id). A
    /// cryptographic hash mixes every input bit into every output bit, so ids that differ only in their
    /// last digit land anywhere in the order (a simple hash such as FNV-1a leaves them next to each other).
    /// </summary>
    public static ulong Rank(int seed, string selectorKey, string localId)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}\u001f{selectorKey}\u001f{localId}"), digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
