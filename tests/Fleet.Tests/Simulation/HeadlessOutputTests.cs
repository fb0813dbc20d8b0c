using System.Diagnostics;
using System.Text.Json;

namespace Fleet.Tests.Simulation;

/// <summary>`fleet-sim` as a script sees it: a real process whose stdout is the JSON summary alone.</summary>
public sealed class HeadlessOutputTests
{
    [Fact]
    public async Task Headless_run_prints_only_its_json_summary_on_stdout_and_its_logs_on_stderr()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fleet-headless-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            name: headless-output
            duration: 5m
            fleet:
              - domain: credit
                count: 1
            traffic: { rate: 1, shape: flat }
            injections:
              - { name: slow, at: 1m, fault: timeouts, magnitude: 0.1 }
            """);
        try
        {
            var (code, stdout, stderr) = await FleetProcess.RunAsync("fleet-sim", file);

            Assert.True(code == 0, $"exit {code}: {stderr}");
            using var summary = JsonDocument.Parse(stdout); // throws if a log line came before or after the JSON
            Assert.Equal("headless-output", summary.RootElement.GetProperty("scenario").GetString());
            Assert.Equal(64, summary.RootElement.GetProperty("digest").GetString()!.Length);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>
/// A built Fleet program (the `fleet` CLI or `fleet-sim`) run as its own process, from its own output folder
/// (&lt;Project&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;) as a user runs it: the copy beside the tests resolves its dependencies
/// against the test host's frameworks, not its own.
/// </summary>
internal static class FleetProcess
{
    private static readonly Dictionary<string, string> Projects = new() { ["fleet"] = "Client", ["fleet-sim"] = "Simulator" };

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ProgramPath(program));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("FLEET_SERVER");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string ProgramPath(string program)
    {
        // AppContext.BaseDirectory is tests/Fleet.Tests/bin/<configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (output.Name, output.Parent!.Name);
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, Projects[program], "bin", configuration, tfm, program + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{program} is not built at {path}", path);
    }
}
