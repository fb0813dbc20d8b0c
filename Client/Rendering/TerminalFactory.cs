using Spectre.Console;

namespace Fleet.Client.Rendering;

/// <summary>
/// Builds the Spectre console for a writer. The real terminal gets colour and live progress;
/// any other writer (a pipe, a test's StringWriter) gets plain text wide enough not to wrap tables.
/// </summary>
public static class TerminalFactory
{
    private const int NonTerminalWidth = 200;

    public static IAnsiConsole Create(TextWriter output)
    {
        var isConsole = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = isConsole ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isConsole ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isConsole ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isConsole)
            console.Profile.Width = NonTerminalWidth;
        return console;
    }
}
