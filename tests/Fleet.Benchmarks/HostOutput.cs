namespace Fleet.Benchmarks;

/// <summary>
/// Sends what hosts started by a part write to the console (their loggers take Console.Out when they are built)
/// to a file instead, so that a silo stopping with 1,000 activations does not bury the report; the file keeps every line.
/// </summary>
internal sealed class HostOutput : IDisposable
{
    private readonly TextWriter _previous = Console.Out;
    private readonly StreamWriter _file;

    private HostOutput(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _file = new StreamWriter(path, append: true) { AutoFlush = true };
        Console.SetOut(TextWriter.Synchronized(_file));
    }

    public static HostOutput To(string path) => new(path);

    public void Dispose()
    {
        Console.SetOut(_previous);
        _file.Dispose();
    }
}
