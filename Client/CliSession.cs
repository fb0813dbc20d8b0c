using System.CommandLine;
using Fleet.Client.Api;
using Spectre.Console;

namespace Fleet.Client;

/// <summary>
/// What every command of one CLI run shares: where output goes, the server address, the key, and
/// the HTTP connection (created on first use, disposed when the run ends).
/// </summary>
public sealed class CliSession(TextWriter output, TextWriter error, CliEnvironment environment) : IDisposable
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

    public Option<string?> KeyOption { get; } = new("--key")
    {
        Description = $"API key (default: ${CliEnvironment.KeyVariable}); sent as 'Authorization: Bearer <key>'",
        Recursive = true,
    };

    public FleetApiClient Api(ParseResult parseResult)
    {
        if (_http is null)
        {
            _http = new HttpClient
            {
                BaseAddress = ServerAddress.Resolve(parseResult.GetValue(ServerOption), environment.Server),
                Timeout = TimeSpan.FromSeconds(30),
            };
            var key = new[] { parseResult.GetValue(KeyOption), environment.Key }.FirstOrDefault(k => !string.IsNullOrWhiteSpace(k))?.Trim();
            if (key is not null)
                _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        return new FleetApiClient(_http);
    }

    public void Dispose() => _http?.Dispose();
}
