namespace Fleet.Runs;

// A simulated run as the runs API answers it (GET /api/runs/{id}, /summary) and the grains pass it.

/// <summary>Where a simulated run is: its virtual clock, speed and progress.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunStatus")]
public sealed record RunStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Scenario,
    [property: Id(2)] int Seed,
    [property: Id(3)] string State,
    [property: Id(4)] DateTimeOffset Start,
    [property: Id(5)] DateTimeOffset Now,
    [property: Id(6)] DateTimeOffset End,
    /// <summary>Virtual seconds per wall second; 0 paused; null as fast as possible.</summary>
    [property: Id(7)] double? Speed,
    [property: Id(8)] double Progress,
    [property: Id(9)] long Ticks,
    [property: Id(10)] long Events,
    [property: Id(11)] int Models,
    [property: Id(12)] int Transitions,
    [property: Id(13)] string Digest,
    /// <summary>The run this one replays, if it is a replay.</summary>
    [property: Id(14)] string? ReplayOf = null,
    /// <summary>For a replay that has ended: "digest matches", or where it first differs from the original.</summary>
    [property: Id(15)] string? Verdict = null,
    /// <summary>The event time a jump is playing to (at full speed), or null.</summary>
    [property: Id(16)] DateTimeOffset? JumpingTo = null);

/// <summary>A model's move on the ladder during a run, as the digest sees it.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunTransition")]
public sealed record RunTransition([property: Id(0)] string Model, [property: Id(1)] int From, [property: Id(2)] int To, [property: Id(3)] DateTimeOffset At, [property: Id(4)] string Reason);

/// <summary>Something that happened to the run from outside the monitor: an injection, an action, a retraining.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.JournalEntry")]
public sealed record JournalEntry([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Kind, [property: Id(2)] string Target, [property: Id(3)] string By, [property: Id(4)] string Detail);

/// <summary>The verdict on one of the scenario's expectations.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.ExpectationResult")]
public sealed record ExpectationResult([property: Id(0)] string Description, [property: Id(1)] bool Passed, [property: Id(2)] string Detail);

/// <summary>What a finished (or stopped) run produced; <see cref="Digest"/> hashes the transitions in order.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunSummary")]
public sealed record RunSummary(
    [property: Id(0)] string Scenario,
    [property: Id(1)] int Seed,
    [property: Id(2)] DateTimeOffset Start,
    [property: Id(3)] DateTimeOffset End,
    [property: Id(4)] long Ticks,
    [property: Id(5)] long Events,
    [property: Id(6)] int Models,
    [property: Id(7)] string Digest,
    [property: Id(8)] IReadOnlyList<RunTransition> Transitions,
    [property: Id(9)] IReadOnlyDictionary<string, int> FinalLevels,
    [property: Id(10)] IReadOnlyList<ExpectationResult> Expectations,
    [property: Id(11)] IReadOnlyList<JournalEntry> Journal)
{
    public bool ExpectationsPassed => Expectations.All(e => e.Passed);
}

/// <summary>The states a run goes through: starting, then running and paused in turn, then finished (its end reached) or stopped.</summary>
public static class RunStates
{
    public const string Starting = "starting", Running = "running", Paused = "paused", Finished = "finished", Stopped = "stopped";

    /// <summary>A run in one of these states is still playing (or was, when its silo stopped: it is resumed at the next start).</summary>
    public static bool IsUnfinished(string state) => state is Starting or Running or Paused;
}
