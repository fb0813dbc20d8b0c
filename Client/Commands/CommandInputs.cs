using System.CommandLine;

namespace Fleet.Client.Commands;

/// <summary>Options and input handling several commands share, defined once so they behave alike.</summary>
internal static class CommandInputs
{
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the server's raw JSON instead of a table" };

    /// <summary>Reads an input file; a missing file is a usage error, not a server failure.</summary>
    public static async Task<byte[]> ReadFileAsync(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists)
            throw new UsageException($"file not found: {file.FullName}");
        return await File.ReadAllBytesAsync(file.FullName, ct);
    }
}
