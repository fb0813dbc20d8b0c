namespace Fleet.Contracts;

// Requests that start something on the server, as the CLI sends them and the API reads them.

/// <summary>Starts a run (POST /api/runs) of a scenario (its YAML text or a name in the scenario folder) or of a recording.</summary>
/// <param name="Start">The run's virtual start (ISO 8601); default the scenario's <c>start:</c>, else 2026-01-05T00:00Z.</param>
/// <param name="Recording">A recording's or an import's id, instead of a scenario: the run plays its traffic.</param>
public sealed record StartRunRequest(string? Scenario, int? Seed, DateTimeOffset? Start, double? Speed, string? Until, string? Recording = null);

/// <summary>Starts recording live models' batches (POST /api/recordings): a model selector and an optional end.</summary>
public sealed record StartRecordingRequest(string? Models, string? Until);

/// <summary>Creates an API key (POST /api/keys) with a name and its roles.</summary>
public sealed record CreateKeyRequest(string? Name, IReadOnlyList<string>? Roles);
