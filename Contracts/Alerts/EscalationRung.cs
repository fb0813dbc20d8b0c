namespace Fleet.Monitoring.Incidents;

/// <summary>The rungs of the escalation ladder, in the order they are climbed.</summary>
public enum EscalationRung
{
    /// <summary>The owners of the models in the incident (their team when a model has no owner).</summary>
    Owner = 0,
    PlatformOnCall = 1,
    Lead = 2,
}
