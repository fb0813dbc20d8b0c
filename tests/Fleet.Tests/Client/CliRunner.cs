using Fleet.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Security;

namespace Fleet.Tests.Client;

/// <summary>What one in-process run of `fleet` produced.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the CLI in-process with captured output, isolated from the machine's FLEET_SERVER and FLEET_KEY.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FleetCli.RunAsync(args, output, error, CliEnvironment.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs the CLI against the real test host (its API over HTTP), with an admin key.</summary>
    internal static Task<CliResult> AgainstAsync(HostFixture host, params string[] args) =>
        RunAsync([.. args, "--server", host.Host.BaseAddress.ToString(), "--key", TestKeys.Admin]);
}

/// <summary>A scratch folder for input files, removed after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("fleet-cli-tests-").FullName;

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
