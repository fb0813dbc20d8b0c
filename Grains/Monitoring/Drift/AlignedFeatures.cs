using System.Diagnostics.CodeAnalysis;

namespace Fleet.Monitoring.Drift;

/// <summary>
/// A profile's histograms of one kind, read by feature name: the names sorted ordinally, shared by a reference and
/// every window made from it, and the histograms in the same order. Two arrays cost a window ~60 B where a dictionary
/// of its own cost ~220 B, and a window holds two of them, six times an hour.
/// </summary>
internal sealed class AlignedFeatures<T>(string[] names, T[] histograms) : IReadOnlyDictionary<string, T> where T : class
{
    /// <summary>The position of <paramref name="name"/> among <paramref name="names"/> (sorted ordinally), or a negative number.</summary>
    public static int IndexOf(string[] names, string name) => Array.BinarySearch(names, name, StringComparer.Ordinal);

    public T this[string key] => IndexOf(names, key) is var i and >= 0 ? histograms[i] : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => names;

    public IEnumerable<T> Values => histograms;

    public int Count => names.Length;

    public bool ContainsKey(string key) => IndexOf(names, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        var i = IndexOf(names, key);
        value = i >= 0 ? histograms[i] : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator()
    {
        for (var i = 0; i < names.Length; i++) yield return new(names[i], histograms[i]);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
