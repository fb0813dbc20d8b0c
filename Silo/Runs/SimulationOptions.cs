namespace Fleet.Silo.Runs;

/// <summary>Simulated runs and the demo (sections "Fleet:Simulation" and "Fleet:Demo").</summary>
public sealed class SimulationOptions
{
    /// <summary>Folder of scenario files; default: ./scenarios, else the one shipped beside the binaries.</summary>
    public string? ScenariosPath { get; set; }

    /// <summary>Most simulated models playing at once over all unfinished runs; a run that would pass it is refused.</summary>
    public int MaxActiveModels { get; set; } = 50_000;

    /// <summary>
    /// Ended runs (finished, stopped, failed) kept for their status and summary in memory, and in the run journal
    /// (header and entries); the oldest are freed first.
    /// </summary>
    public int MaxEndedRuns { get; set; } = 50;

    /// <summary>How often a silo looks for unfinished runs no silo plays (their silo stopped or died) to adopt them.</summary>
    public TimeSpan AdoptInterval { get; set; } = TimeSpan.FromSeconds(2);

    public string ResolveScenariosPath()
    {
        if (!string.IsNullOrWhiteSpace(ScenariosPath)) return Path.GetFullPath(ScenariosPath);
        var local = Path.GetFullPath("scenarios");
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "scenarios");
    }

    /// <summary>The scenarios of the folder, by name (a file's name without .yaml).</summary>
    public IReadOnlyList<string> ScenarioNames()
    {
        var folder = ResolveScenariosPath();
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(n => n, StringComparer.Ordinal).ToList()
            : [];
    }
}

/// <summary>The demo fleet the run command starts so the dashboard is alive at once.</summary>
public sealed class DemoOptions
{
    /// <summary>Start the demo scenario with the silo. Turn off for a silo that only monitors real models.</summary>
    public bool Enabled { get; set; } = true;

    public string Scenario { get; set; } = "demo";

    /// <summary>Virtual seconds per wall second. 1 keeps the demo's event times on the wall clock.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>
    /// How much of the demo is played before "now" at start-up (at full speed), so the first look shows history:
    /// filled charts, baselines and open incidents. 0 starts the demo at the current minute.
    /// </summary>
    public TimeSpan History { get; set; } = TimeSpan.FromMinutes(10);
}
