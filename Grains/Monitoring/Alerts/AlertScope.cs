namespace Fleet.Monitoring.Alerts;

/// <summary>Which models a rule watches: one model, every model of a domain, or the whole fleet.</summary>
public enum AlertScopeKind
{
    Fleet = 0,
    Domain = 1,
    Model = 2,
}

/// <summary>Which models a rule applies to. <see cref="Value"/> is the model id or the domain; null for the fleet.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.AlertScope")]
public sealed record AlertScope(
    [property: Id(0)] AlertScopeKind Kind,
    [property: Id(1)] string? Value = null)
{
    public static readonly AlertScope Fleet = new(AlertScopeKind.Fleet);

    public static AlertScope ForDomain(string domain) => new(AlertScopeKind.Domain, domain);

    public static AlertScope ForModel(string modelId) => new(AlertScopeKind.Model, modelId);

    /// <summary>Domains compare ignoring case, as <c>DomainDefaults</c> does; model ids are exact.</summary>
    public bool Covers(string model, string domain) => Kind switch
    {
        AlertScopeKind.Fleet => true,
        AlertScopeKind.Domain => string.Equals(Value, domain, StringComparison.OrdinalIgnoreCase),
        AlertScopeKind.Model => string.Equals(Value, model, StringComparison.Ordinal),
        _ => false,
    };

    public override string ToString() => Kind switch
    {
        AlertScopeKind.Fleet => "fleet",
        AlertScopeKind.Domain => $"domain {Value}",
        _ => $"model {Value}",
    };
}
