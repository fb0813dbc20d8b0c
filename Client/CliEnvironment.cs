namespace Fleet.Client;

/// <summary>What the CLI reads from its environment: FLEET_SERVER and FLEET_KEY (options override both).</summary>
public sealed record CliEnvironment(string? Server, string? Key)
{
    public const string ServerVariable = ServerAddress.EnvironmentVariable;
    public const string KeyVariable = "FLEET_KEY";

    /// <summary>Nothing set: tests use this so the machine's own variables never leak in.</summary>
    public static readonly CliEnvironment None = new(null, null);

    public static CliEnvironment FromProcess() =>
        new(Environment.GetEnvironmentVariable(ServerVariable), Environment.GetEnvironmentVariable(KeyVariable));
}
