using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// Which alerts a silence covers: every matcher that is set must match (rule and model exactly, the
/// domain ignoring case); a matcher left null matches anything, so all-null silences the whole fleet
/// (a maintenance window).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.SilenceMatcher")]
public sealed record SilenceMatcher(
    [property: Id(0)] string? Rule = null,
    [property: Id(1)] string? Model = null,
    [property: Id(2)] string? Domain = null)
{
    public bool Matches(AlertKey alert, string domain) =>
        (Rule is null || string.Equals(Rule, alert.Rule, StringComparison.Ordinal))
        && (Model is null || string.Equals(Model, alert.Model, StringComparison.Ordinal))
        && (Domain is null || string.Equals(Domain, domain, StringComparison.OrdinalIgnoreCase));

    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Rule is not null) parts.Add($"rule={Rule}");
        if (Model is not null) parts.Add($"model={Model}");
        if (Domain is not null) parts.Add($"domain={Domain}");
        return parts.Count == 0 ? "everything" : string.Join(", ", parts);
    }
}

/// <summary>
/// An operator's silence: matching alerts still change state (and are listed) but nobody is notified
/// or escalated to about them until <see cref="Until"/> or until it is lifted (<see cref="EndedAt"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Silence")]
public sealed record Silence(
    [property: Id(0)] string Id,
    [property: Id(1)] SilenceMatcher Matcher,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset Until,
    [property: Id(4)] string By,
    [property: Id(5)] string Reason,
    [property: Id(6)] DateTimeOffset? EndedAt = null,
    [property: Id(7)] string? EndedBy = null)
{
    /// <summary>In force at <paramref name="now"/>: created, not lifted, not expired (it ends at <see cref="Until"/> exactly).</summary>
    public bool IsActive(DateTimeOffset now) => EndedAt is null && now >= CreatedAt && now < Until;

    public bool Covers(AlertKey alert, string domain, DateTimeOffset now) => IsActive(now) && Matcher.Matches(alert, domain);
}
