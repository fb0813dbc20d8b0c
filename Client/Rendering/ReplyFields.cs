using System.Text.Json;
using Spectre.Console;

namespace Fleet.Client.Rendering;

/// <summary>A field of a server's JSON reply as the terminal shows it: terminal-safe text, "-" when absent or null.</summary>
internal static class ReplyFields
{
    public static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? TerminalText.Safe(v.ToString()) : "-";

    /// <summary>A table cell: the server's text as plain text, never as Spectre markup ("[red]" is shown, not applied).</summary>
    public static string Cell(JsonElement e, string name) => Markup.Escape(Text(e, name));
}
