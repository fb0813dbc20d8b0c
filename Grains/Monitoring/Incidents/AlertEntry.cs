using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>One alert as the book keeps it: its latest transition, the model it is about, its acknowledgement and incident.</summary>
[GenerateSerializer]
public sealed class AlertEntry
{
    [Id(0)] public AlertKey Key { get; set; } = new("", "");
    [Id(1)] public AlertState State { get; set; }
    [Id(2)] public DateTimeOffset Since { get; set; }
    [Id(3)] public double? Value { get; set; }
    [Id(4)] public AlertSeverity Severity { get; set; }
    [Id(5)] public string Message { get; set; } = "";
    [Id(6)] public ModelInfo Model { get; set; } = new("", "", null, null, []);
    /// <summary>When the condition began to hold in the current (or last) episode.</summary>
    [Id(7)] public DateTimeOffset? ActiveSince { get; set; }
    /// <summary>When the condition last stopped holding before the alert resolved.</summary>
    [Id(8)] public DateTimeOffset? ClearedSince { get; set; }
    [Id(9)] public string? AcknowledgedBy { get; set; }
    [Id(10)] public DateTimeOffset? AcknowledgedAt { get; set; }
    /// <summary>The incident this alert's latest firing joined; null until it fires.</summary>
    [Id(11)] public string? IncidentId { get; set; }
}
