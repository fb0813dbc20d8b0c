using Spectre.Console;

namespace Fleet.Client.Rendering;

/// <summary>
/// How a degradation level looks on the terminal: green for Full AI through red for Error state,
/// so the worst models stand out in a long list.
/// </summary>
public static class LevelStyle
{
    // The ladder itself is fixed by the domain; names are used when the server sends none.
    private static readonly string[] Names =
        ["Full AI", "Reduced AI", "Rules-based fallback", "Generic fallback", "Error state"];

    private static readonly Color[] Colors =
        [Color.Green, Color.GreenYellow, Color.Yellow, Color.Orange1, Color.Red];

    public static Color ColorOf(int level) => level is >= 1 and <= 5 ? Colors[level - 1] : Color.Grey;

    public static string NameOf(int level, string? serverName = null) =>
        !string.IsNullOrWhiteSpace(serverName) ? serverName
        : level is >= 1 and <= 5 ? Names[level - 1]
        : "unknown";

    /// <summary>"3 Rules-based fallback" in the level's colour.</summary>
    public static Text Label(int level, string? serverName = null) =>
        new($"{level} {NameOf(level, serverName)}", new Style(ColorOf(level)));

    /// <summary>Markup for "L3 12": the level in its colour and how many models sit on it.</summary>
    public static string CountMarkup(int level, int count) =>
        $"[{ColorOf(level).ToMarkup()}]L{level}[/] {count}";
}
