namespace Fleet.Simulation.Scenarios;

/// <summary>A scenario file that cannot be run, with the field (and line, when known) at fault.</summary>
public sealed class ScenarioException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}
