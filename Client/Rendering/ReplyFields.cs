using System.Text.Json;
using Spectre.Console;

namespace Fleet.Client.Rendering;

/// <summary>A field of a server's JSON reply as the terminal shows it: terminal-safe text, "-" when absent or null.</summary>
internal static class ReplyFields
{
    public static string Text(JsonElement e, string name) => TryValue(e, name, out var v) ? TerminalText.Safe(v.ToString()) : "-";

    /// <summary>A phrase about an optional field (" until 10:00"), or nothing at all when the server left the field out.</summary>
    public static string Phrase(JsonElement e, string name, Func<string, string> phrase) =>
        TryValue(e, name, out var v) ? phrase(TerminalText.Safe(v.ToString())) : "";

    /// <summary>A table cell: the server's text as plain text, never as Spectre markup ("[red]" is shown, not applied).</summary>
    public static string Cell(JsonElement e, string name) => Markup.Escape(Text(e, name));

    private static bool TryValue(JsonElement e, string name, out JsonElement value) =>
        e.TryGetProperty(name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
}
