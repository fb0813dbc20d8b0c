using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Fleet.Registry;

/// <summary>
/// How a world's registry is stored: a small header state and its lines spread over <see cref="ShardCount"/> states by a
/// stable hash of the model id, so a level change writes one shard (~1/32 of the index), not every model's line.
/// </summary>
public static class RegistryStates
{
    /// <summary>The header's state name: the registry's activation count.</summary>
    public const string Header = "registry";

    /// <summary>The lines' states, <c>registry-lines-00</c> to <c>registry-lines-31</c>: storage metrics name them all by this.</summary>
    public const string Lines = "registry-lines";

    public const int ShardCount = 32;

    public static string ShardName(int shard) => $"{Lines}-{shard:D2}";

    /// <summary>The shard that keeps a model's line: XxHash3 of the id's UTF-16 code units, the same on every host and run.</summary>
    public static int ShardOf(string modelId) =>
        (int)(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(modelId.AsSpan())) % ShardCount);

    /// <summary>A state name as storage metrics label it: every lines shard as <see cref="Lines"/>, any other name as it is.</summary>
    public static string MetricName(string stateName) =>
        stateName.StartsWith(Lines + "-", StringComparison.Ordinal) ? Lines : stateName;
}
