using System.CommandLine;
using Fleet.Client.Api;
using Spectre.Console;

namespace Fleet.Client;

/// <summary>
/// What every command of one CLI run shares: where output goes, the server address, and the
/// HTTP connection (created on first use, disposed when the run ends).
/// </summary>
public sealed class CliSession(TextWriter output, TextWriter error, string? serverFromEnvironment) : IDisposable
{
    private HttpClient? _http;

    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public IAnsiConsole Console { get; } = Rendering.TerminalFactory.Create(output);

    public Option<string?> ServerOption { get; } = new("--server")
    {
        Description = $"Fleet API base URL (default: ${ServerAddress.EnvironmentVariable} or {ServerAddress.Default})",
        Recursive = true,
    };

    public FleetApiClient Api(ParseResult parseResult)
    {
        _http ??= new HttpClient
        {
            BaseAddress = ServerAddress.Resolve(parseResult.GetValue(ServerOption), serverFromEnvironment),
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new FleetApiClient(_http);
    }

    public void Dispose() => _http?.Dispose();
}
