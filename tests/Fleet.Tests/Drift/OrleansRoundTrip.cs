using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Fleet.Tests.Drift;

/// <summary>Serialises and deserialises with Orleans' serializer, as a grain checkpoint would.</summary>
internal static class OrleansRoundTrip
{
    private static readonly Lazy<Serializer> SharedSerializer = new(() =>
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());

    public static T Copy<T>(T value)
    {
        var copy = SharedSerializer.Value.Deserialize<T>(SharedSerializer.Value.SerializeToArray(value));
        Assert.NotNull(copy);
        return copy;
    }

    /// <summary>The bytes a checkpoint of <paramref name="value"/> would hold: equal bytes, equal state down to the last bit.</summary>
    public static byte[] Bytes<T>(T value) => SharedSerializer.Value.SerializeToArray(value);
}
