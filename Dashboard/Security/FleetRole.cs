namespace Fleet.Dashboard.Security;

/// <summary>What a key may do. A key holds one or more roles; see <see cref="FleetRoles.Effective"/> for what each implies.</summary>
public enum FleetRole
{
    /// <summary>Post event batches (a model's serving code).</summary>
    Ingest,

    /// <summary>Read everything the dashboard shows: fleet, models, alerts, incidents, runs, the live hub.</summary>
    View,

    /// <summary>Act on models, acknowledge and mitigate incidents, set and lift silences.</summary>
    Operate,

    /// <summary>Start and steer simulated runs, inject faults, run exercises.</summary>
    Facilitate,

    /// <summary>Manage keys, register models, delete, and the Orleans runtime dashboard; implies every other role.</summary>
    Admin,
}

/// <summary>Role names as they appear in the API, the CLI and claims, and what each role implies.</summary>
public static class FleetRoles
{
    public static readonly IReadOnlyList<FleetRole> All = Enum.GetValues<FleetRole>();

    public static string Name(this FleetRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out FleetRole role)
    {
        role = default;
        var match = All.Where(r => string.Equals(r.Name(), text?.Trim(), StringComparison.Ordinal)).ToList();
        if (match.Count != 1) return false;
        role = match[0];
        return true;
    }

    /// <summary>
    /// The roles a key effectively holds. Admin implies every role (the operator who owns the keys can do
    /// anything a key could). Operate and facilitate imply view: nobody acts on a fleet they cannot see.
    /// Ingest implies nothing and nothing implies it except admin: a model's serving code only writes events,
    /// and a leaked dashboard key cannot feed a model false traffic.
    /// </summary>
    public static IReadOnlySet<FleetRole> Effective(IEnumerable<FleetRole> held)
    {
        var roles = new HashSet<FleetRole>(held);
        if (roles.Contains(FleetRole.Admin)) roles.UnionWith(All);
        if (roles.Contains(FleetRole.Operate) || roles.Contains(FleetRole.Facilitate)) roles.Add(FleetRole.View);
        return roles;
    }

    /// <summary>Roles as stored and shown: names in enum order, comma-separated.</summary>
    public static string Format(IEnumerable<FleetRole> roles) => string.Join(',', roles.Distinct().Order().Select(Name));

    /// <summary>Reads <see cref="Format"/>'s output back; unknown names are an error (the store wrote them).</summary>
    public static IReadOnlyList<FleetRole> ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => TryParse(n, out var r) ? r : throw new FormatException($"unknown role '{n}'"))
            .ToList();
}
