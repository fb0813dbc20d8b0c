using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Dashboard.Limits;

/// <summary>
/// Reads every JSON string of a request (nested ones too: features, segments, prediction ids) refusing
/// control characters other than line breaks and tabs, and bidirectional controls; the JSON error names the field.
/// </summary>
public sealed class CleanStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("could not be converted to System.String");
        var text = reader.GetString()!;
        if (TextRules.Problem(text, int.MaxValue, freeText: true) is { } problem) throw new JsonException(Refusal + problem);
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Marks the converter's own messages, so the reader reports the reason as it is.</summary>
    public const string Refusal = "refused: ";
}
