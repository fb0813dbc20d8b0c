namespace Fleet.Monitoring.Alerts;

/// <summary>Identifies one alert: a rule (or burn-rate pair) on one model.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.AlertKey")]
public sealed record AlertKey(
    [property: Id(0)] string Rule,
    [property: Id(1)] string Model)
{
    public override string ToString() => $"{Rule} on {Model}";
}
