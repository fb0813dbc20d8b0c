namespace Fleet.Contracts;

/// <summary>
/// An operator's action on one model (POST /api/models/{id}/actions; GET /api/actions lists them with the parameters
/// each takes). Only the parameters the action takes may be given.
/// </summary>
/// <param name="From">Where the action was taken: api (default), cli or page; a simulated run journals it.</param>
public sealed record ActionRequest(string? Action, string? By, string? Reason, int? Level = null, string? Stage = null, string? From = null,
    string? Duration = null, string? Rule = null);

/// <summary>Acknowledges an incident or one alert (POST /api/alerts/ack); a reason goes into the journal of the models it covers.</summary>
/// <param name="Target">An incident id (INC-0001) or an alert as rule/model.</param>
public sealed record AckRequest(string? Target, string? By, string? Reason = null);

/// <summary>Acknowledges or mitigates one incident (POST /api/incidents/{id}/ack and /mitigate).</summary>
public sealed record IncidentActionRequest(string? By, string? Reason = null);

/// <summary>Silences the alerts matching a rule, a model and/or a domain for a while (POST /api/silences).</summary>
public sealed record SilenceRequest(string? Rule, string? Model, string? Domain, string? Duration, string? By, string? Reason);
