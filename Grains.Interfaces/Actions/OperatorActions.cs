using Fleet.Events;

namespace Fleet.Actions;

/// <summary>
/// Every operator action Fleet knows. The HTTP API (GET /api/actions, which the page and <c>fleet actions</c> read),
/// the model grain, simulated runs, scenarios, the run journal and exercise scores all take them from here.
/// </summary>
public static class OperatorActions
{
    /// <summary>The rollout stages an operator names (RolloutStages also reads "full" for 100%).</summary>
    public static readonly IReadOnlyList<string> Stages = ["shadow", "1%", "5%", "10%", "25%", "100%", "segment"];

    private static readonly ActionTarget[] ModelOnly = [ActionTarget.Model];

    public static readonly OperatorAction Acknowledge = new(ActionKind.Acknowledge, "acknowledge", "Acknowledge",
        [ActionTarget.Model, ActionTarget.Incident], [], Serving: false, Danger: false,
        "acknowledges the open incidents: escalation stops");

    public static readonly OperatorAction Silence = new(ActionKind.Silence, "silence", "Silence…", ModelOnly,
        [
            new("duration", "How long until the silence expires (e.g. 30m, 2h)", [], Default: "1h"),
            new("rule", "The one alert rule silenced; leave out to silence all of the model's alerts", []),
        ], Serving: false, Danger: false, "silences the model's alerts (or one rule's) until it expires");

    public static readonly OperatorAction Mitigate = new(ActionKind.Mitigate, "mitigate", "Mitigated", [ActionTarget.Incident], [],
        Serving: false, Danger: false, "marks the incident mitigated");

    public static readonly OperatorAction Retrain = new(ActionKind.Retrain, "retrain", "Retrain", ModelOnly, [],
        Serving: true, Danger: false, "retrains the model on its recent labels; the new version serves when it is ready");

    public static readonly OperatorAction Rollback = new(ActionKind.Rollback, "rollback", "Roll back", ModelOnly, [],
        Serving: true, Danger: false, "serves the previous version again");

    public static readonly OperatorAction ForceLevel = new(ActionKind.ForceLevel, "force-level", "Force level…", ModelOnly,
        [new("level", "The level to hold the model at, 1 to 5", ["1", "2", "3", "4", "5"], Default: "3", Integer: true)],
        Serving: true, Danger: false, "holds the model at the level given until it is released");

    public static readonly OperatorAction Release = new(ActionKind.Release, "release", "Release", ModelOnly, [],
        Serving: true, Danger: false, "lets the monitor judge the level again");

    public static readonly OperatorAction KillSwitch = new(ActionKind.KillSwitch, "kill-switch", "Kill switch", ModelOnly, [],
        Serving: true, Danger: true, "holds the model at level 4 (generic fallback) until it is released");

    public static readonly OperatorAction Rollout = new(ActionKind.Rollout, "rollout", "Rollout stage…", ModelOnly,
        [new("stage", "The share of traffic the version serves", Stages, Default: "shadow")],
        Serving: true, Danger: false, "moves the version to a rollout stage");

    public static readonly IReadOnlyList<OperatorAction> All =
        [Acknowledge, Retrain, Rollback, ForceLevel, KillSwitch, Rollout, Release, Silence, Mitigate];

    public static OperatorAction Of(ActionKind kind) => All.First(a => a.Kind == kind);

    /// <summary>The action of that name (names are lower case, as the wire and the journal write them), or null.</summary>
    public static OperatorAction? Find(string? name) => All.FirstOrDefault(a => string.Equals(a.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<OperatorAction> On(ActionTarget target) => All.Where(a => a.On(target));

    /// <summary>A journal or audit entry of this kind records an operator's action.</summary>
    public static bool IsAction(string kind) => All.Any(a => a.Name == kind);

    /// <summary>A journal entry of this kind records an action that changes what a model serves.</summary>
    public static bool IsServing(string kind) => All.Any(a => a.Name == kind && a.Serving);

    /// <summary>
    /// Finds the named action among those taken on <paramref name="target"/> and checks its arguments; the API, the CLI
    /// (through the API), simulated runs and scenarios all answer with this field and reason.
    /// </summary>
    public static (OperatorAction? Action, ValidationError? Error) Validate(string? name, ActionTarget target, ActionArguments arguments)
    {
        if (Find(name) is not { } action || !action.On(target))
            return (null, new ValidationError("action", $"must be one of {string.Join(", ", On(target).Select(a => a.Name))}"));
        return action.Validate(arguments) is { } error ? (null, error) : (action, null);
    }
}
