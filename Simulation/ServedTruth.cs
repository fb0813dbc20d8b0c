namespace Fleet.Simulation;

/// <summary>How one prediction was served, by the simulator's truth (exercise impact counts the last two).</summary>
public enum Served
{
    /// <summary>The model's right answer, or a fallback's in place of a wrong one (no harm done).</summary>
    Well,
    /// <summary>The model's answer was served and was wrong.</summary>
    Wrong,
    /// <summary>An error or a timeout, or a fallback's answer where the model would have answered right (or could not answer).</summary>
    Degraded,
}

/// <summary>
/// The impact rule. A fallback's answer (the ladder at level 3 or above, a kill switch, a forced level) is counted
/// against what the model would have served in its place: it is degraded when the model's answer would have been right,
/// or the model had none; when the model's answer would have been wrong, the fallback kept a wrong answer from being
/// served and counts as no harm (a fallback's answer is taken to be no worse than a wrong one). So switching a model
/// that serves wrong answers to its fallback lowers the impact by its wrong answers and raises it by its right ones.
/// Errors and timeouts answer nothing: always degraded.
/// </summary>
public static class ServedTruth
{
    public static Served Classify(bool modelAnswered, bool modelWrong, bool fallback, bool failed) =>
        failed ? Served.Degraded
        : fallback ? (modelAnswered && modelWrong ? Served.Well : Served.Degraded)
        : modelWrong ? Served.Wrong : Served.Well;
}
