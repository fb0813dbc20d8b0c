using System.Text.Json.Serialization;
using Fleet.Events;
using Fleet.Models;

namespace Fleet.Actions;

/// <summary>What an operator can do; <see cref="OperatorActions"/> declares each one.</summary>
public enum ActionKind { Acknowledge, Silence, Mitigate, Retrain, Rollback, ForceLevel, Release, KillSwitch, Rollout }

/// <summary>What a request gives an action: who, why, and the parameters some actions take.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.ActionArguments")]
public sealed record ActionArguments(
    [property: Id(0)] string? By,
    [property: Id(1)] string? Reason,
    [property: Id(2)] int? Level = null,
    [property: Id(3)] string? Stage = null,
    [property: Id(4)] string? Duration = null,
    [property: Id(5)] string? Rule = null);

/// <summary>
/// One operator action, declared once: its name on the wire (API, CLI, scenarios, journals), how a page labels it, what it
/// can be taken on, the parameters it takes and their validation, what it does, and whether it changes what the model
/// serves (a serving action) or only the alert book.
/// </summary>
public sealed record OperatorAction(
    [property: JsonIgnore] ActionKind Kind,
    string Name,
    string Label,
    IReadOnlyList<ActionTarget> Targets,
    IReadOnlyList<ActionParameter> Parameters,
    bool Serving,
    bool Danger,
    string Effect) : ActionDeclaration(Name, Label, Targets, Parameters, Serving, Danger, Effect)
{
    public bool Takes(string parameter) => Parameters.Any(p => p.Name == parameter);

    public bool On(ActionTarget target) => Targets.Contains(target);

    /// <summary>Checks who, why and every parameter: one required parameter missing or invalid, or one given that this action does not take.</summary>
    public ValidationError? Validate(ActionArguments a)
    {
        if (string.IsNullOrWhiteSpace(a.By)) return new("by", "is required: who acts");
        if (string.IsNullOrWhiteSpace(a.Reason)) return new("reason", "is required: why");
        if (Takes("level") ? a.Level is not (>= 1 and <= 5) : a.Level is not null)
            return new("level", Takes("level") ? $"must be from 1 to 5 for {Name}" : OnlyFor("level"));
        if (Takes("stage") ? !RolloutStages.TryParse(a.Stage, out _) : a.Stage is not null)
            return new("stage", Takes("stage") ? $"must be one of {string.Join(", ", OperatorActions.Stages)} for {Name}" : OnlyFor("stage"));
        if (Takes("duration") ? !Durations.TryParse(a.Duration, out _) : a.Duration is not null)
            return new("duration", Takes("duration") ? $"must be a duration such as 30m or 2h for {Name}: how long until it expires" : OnlyFor("duration"));
        if (!Takes("rule") && a.Rule is not null) return new("rule", OnlyFor("rule"));
        if (a.Rule is { } rule && string.IsNullOrWhiteSpace(rule)) return new("rule", "must name an alert rule, or be left out for all of them");
        return null;
    }

    /// <summary>The level a level-moving action puts the model at: null releases it to what the monitor judges.</summary>
    public DegradationLevel? ForcedLevel(int? level) => Kind switch
    {
        ActionKind.ForceLevel => (DegradationLevel)level!.Value,
        ActionKind.KillSwitch => DegradationLevel.GenericFallback,
        _ => null,
    };

    /// <summary>Force-level, kill switch and release move the model on the ladder; Fleet carries them out itself.</summary>
    [JsonIgnore]
    public bool MovesLevel => Kind is ActionKind.ForceLevel or ActionKind.KillSwitch or ActionKind.Release;

    private string OnlyFor(string parameter) =>
        $"applies to {string.Join(" and ", OperatorActions.All.Where(x => x.Takes(parameter)).Select(x => x.Name))} only";
}
