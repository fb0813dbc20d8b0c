using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Client.Rendering;

/// <summary>
/// Text from a server made safe to print on a terminal: control characters (C0, DEL, C1, so no
/// escape sequence can move the cursor, retitle the window or hide a line) and bidirectional
/// overrides (which reorder what the reader sees) are shown escaped as \uXXXX instead of acting.
/// </summary>
public static class TerminalText
{
    public static string Safe(string text)
    {
        if (!text.Any(IsUnsafe)) return text;
        var safe = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c)) safe.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else safe.Append(c);
        }
        return safe.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}

/// <summary>Reads every string of a server's reply through <see cref="TerminalText.Safe"/>, so no renderer can forget it.</summary>
public sealed class TerminalSafeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { } text ? TerminalText.Safe(text) : null;

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
