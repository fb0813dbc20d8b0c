using System.Diagnostics;
using System.Text;
using Fleet.Tests.Security;

namespace Fleet.Tests.Durability;

/// <summary>
/// The real silo (the Silo project's Fleet.Silo.dll, copied beside the tests) as a child process on free loopback
/// ports, so a test can kill it as an operator's kill -9 would: no shutdown, no flush.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) }.Authorized(TestKeys.Admin);
    }

    public Uri Address { get; }
    public HttpClient Http { get; }

    /// <summary>What the silo wrote, for a failing test's message.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the silo with <paramref name="settings"/> (as --key=value) and waits until /healthz answers.</summary>
    public static async Task<SiloProcess> StartAsync(IEnumerable<string> settings, string workingDirectory)
    {
        var ports = Fleet.Tests.Storage.FreePorts.Take(3);
        var address = new Uri($"http://127.0.0.1:{ports[0]}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fleet.Silo.dll"));
        foreach (var setting in new[]
                 {
                     $"--urls={address}", $"--Fleet:Silo:SiloPort={ports[1]}", $"--Fleet:Silo:GatewayPort={ports[2]}",
                     "--Fleet:Demo:Enabled=false", "--Logging:LogLevel:Default=Warning", TestKeys.AdminKeyArgument,
                 }.Concat(settings))
            start.ArgumentList.Add(setting);
        var process = Process.Start(start) ?? throw new InvalidOperationException("the silo did not start");
        var silo = new SiloProcess(process, address);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return silo;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The silo exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await Http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The silo did not answer /healthz within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL, as kill -9: the process ends at once, whatever it was doing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as an operator's stop (Ctrl+C, systemd): the silo shuts down gracefully; waits until it has exited.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
