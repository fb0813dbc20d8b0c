namespace Fleet.Monitoring.Alerts;

/// <summary>
/// One (rule, model) alert's place in the life cycle, with the times its clocks started. Persisted
/// (in <see cref="AlertEvaluatorState"/>) so a restart neither re-fires nor forgets a firing alert.
/// </summary>
[GenerateSerializer]
public sealed class AlertLifecycle
{
    [Id(0)] public AlertState State { get; set; } = AlertState.Inactive;
    /// <summary>When <see cref="State"/> was entered.</summary>
    [Id(1)] public DateTimeOffset Since { get; set; }
    /// <summary>When the condition began to hold in the current episode; the <c>for</c> clock. Null while inactive or resolved.</summary>
    [Id(2)] public DateTimeOffset? ActiveAt { get; set; }
    /// <summary>When a firing alert's condition was first seen false; the <c>keep_firing_for</c> clock.</summary>
    [Id(3)] public DateTimeOffset? KeepFiringSince { get; set; }
    /// <summary>The last judged value; kept when a signal goes unjudged.</summary>
    [Id(4)] public double? Value { get; set; }
    [Id(5)] public AlertSeverity Severity { get; set; }
    /// <summary>The latest evaluation: an older one is ignored, so the alert never moves back in time.</summary>
    [Id(6)] public DateTimeOffset LastEvaluatedAt { get; set; }
}

/// <summary>Every alert's life cycle, by model then alert name: what an <see cref="AlertEvaluator"/> persists.</summary>
[GenerateSerializer]
public sealed class AlertEvaluatorState
{
    [Id(0)] public Dictionary<string, Dictionary<string, AlertLifecycle>> Models { get; set; } = [];

    /// <summary>
    /// Set when a clock that decides a future transition moved without a transition (a firing alert's condition
    /// cleared or came back): the owner saves it with its next checkpoint. Not state itself.
    /// </summary>
    public bool Unsaved { get => _unsaved; set => _unsaved = value; }

    [NonSerialized] private bool _unsaved;
}
