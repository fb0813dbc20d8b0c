namespace Fleet.Runs;

/// <summary>
/// The kinds of a run journal's entries other than operators' actions, whose kind is the action's name
/// (<see cref="Fleet.Actions.OperatorActions.IsAction"/>).
/// </summary>
public static class JournalKinds
{
    /// <summary>A fault started (by the scenario or by hand); its target is the injection's name.</summary>
    public const string Injection = "injection";
    public const string InjectionEnded = "injection-ended";
    /// <summary>An input: a fault injected by hand, as the request made it (its start is an <see cref="Injection"/> fact).</summary>
    public const string Inject = "inject";
    /// <summary>A model with no history starts serving.</summary>
    public const string Launch = "launch";
    /// <summary>The simulator finished a retraining and the new version serves.</summary>
    public const string Retrained = "retrained";
    /// <summary>The monitor moved a model on the ladder.</summary>
    public const string Level = "level";
    /// <summary>An alert changed state.</summary>
    public const string Alert = "alert";
    /// <summary>An incident opened, was acknowledged, mitigated or resolved.</summary>
    public const string Incident = "incident";
    /// <summary>An exercise team's answer at a decision point: a note that changes nothing in the run.</summary>
    public const string Decision = "decision";

    public static bool IsInjection(string kind) => kind is Injection or InjectionEnded;

    /// <summary>What the simulator did to a model by itself: a launch or a finished retraining.</summary>
    public static bool IsSimulated(string kind) => kind is Launch or Retrained;
}
