namespace Fleet.Catalogue;

/// <summary>
/// The signals each simulated fault moves, by the scenario file's fault name, declared once: a postmortem reads the rules
/// that ought to have caught an injection from it and the rules' own readings (<see cref="Reading.Signal"/>), so a rule
/// added on a signal is expected at once and no list of rule names is kept beside the rules.
/// </summary>
public static class FaultSymptoms
{
    private static readonly Dictionary<string, Signal[]> ByFault = new(StringComparer.OrdinalIgnoreCase)
    {
        ["data-drift"] = [Signal.InputDrift],
        // Inputs look unchanged: only quality shows it, once labels arrive.
        ["concept-drift"] = [Signal.Quality],
        ["seasonal-drift"] = [Signal.Quality],
        // New users arrive without features and are answered by a fallback.
        ["cold-start"] = [Signal.MissingValues, Signal.Fallback, Signal.Level],
        ["launch"] = [Signal.Quality, Signal.Level],
        // Its modes: missing, NaN (arrives as text), a number as text, a value frozen at the mean (a drift).
        ["pipeline-failure"] = [Signal.MissingValues, Signal.WrongType, Signal.InputDrift],
        // The failed source's features go missing, its lookups slow down and time out.
        ["upstream-outage"] = [Signal.MissingValues, Signal.Failures, Signal.Latency],
        ["latency-spike"] = [Signal.Latency],
        ["timeouts"] = [Signal.Failures],
        ["serving-outage"] = [Signal.Failures, Signal.Level],
        ["label-delay"] = [Signal.Labels],
        ["feedback-loop"] = [Signal.Quality, Signal.Diversity, Signal.Level],
        ["segment-bias"] = [Signal.Fairness],
        ["traffic-drop"] = [Signal.Volume],
    };

    /// <summary>Every fault named here, for the test that holds it to the scenario file's faults.</summary>
    public static IEnumerable<string> Faults => ByFault.Keys;

    /// <summary>What the fault moves; empty for a name that is not a fault.</summary>
    public static IReadOnlyList<Signal> Of(string fault) => ByFault.GetValueOrDefault(fault) ?? [];
}
