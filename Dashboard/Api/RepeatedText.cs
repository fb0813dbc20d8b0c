using System.Text.Json;

namespace Fleet.Dashboard.Api;

/// <summary>
/// The strings a request repeats (segments, versions, categories), each made once per request: a short string the
/// reader is at is looked up in a small table by a hash of its UTF-8 bytes and, when the slot holds the same text,
/// that string is returned instead of a new one. A miss costs nothing extra (the slot takes the new string), so a
/// body of all-distinct values is read as before.
/// </summary>
internal sealed class RepeatedText
{
    private const int Slots = 64;
    // Longer values are seldom repeated labels; they are read as they are.
    private const int MaxBytes = 48;

    private readonly string?[] _slots = new string?[Slots];

    /// <summary>The string value the reader is at; <paramref name="seen"/> when it was taken from the table (and so was checked before).</summary>
    public string Read(ref Utf8JsonReader reader, out bool seen)
    {
        seen = false;
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes) return reader.GetString()!;
        var slot = (int)(Fnv1a(reader.ValueSpan) % Slots);
        if (_slots[slot] is { } known && reader.ValueTextEquals(known))
        {
            seen = true;
            return known;
        }
        return _slots[slot] = reader.GetString()!;
    }

    // FNV-1a: cheap on a few bytes, and the same in every process, so which labels share a slot does not vary by run.
    private static uint Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
