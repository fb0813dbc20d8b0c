using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// Decides which incident a newly firing alert belongs to, so an upstream outage that hits fifty
/// models pages once. In order of preference:
/// <list type="number">
/// <item>an open incident that already holds the model (another rule, or the same rule firing again);</item>
/// <item>an open incident, first alerted within the grouping window, whose models all read a data source
/// this model reads too (the largest such incident, then the oldest);</item>
/// <item>an open incident, first alerted within the window, of this model's domain and not already grouped
/// by a data source (a source-grouped incident is about that source; a model that does not read it is not);</item>
/// <item>otherwise a new incident of its own.</item>
/// </list>
/// Joining narrows what the incident shares: its common sources become the intersection, its domain
/// null once domains mix.
/// </summary>
public static class IncidentGrouper
{
    public static Incident? Choose(IEnumerable<Incident> open, ModelInfo model, DateTimeOffset now, TimeSpan window)
    {
        Incident? bySource = null, byDomain = null;
        foreach (var incident in open)
        {
            if (!incident.IsOpen) continue;
            if (incident.Models.Contains(model.Id)) return incident;
            if (now - incident.DetectedAt > window) continue;
            if (incident.CommonSources.Any(s => model.DataSources.Contains(s, StringComparer.Ordinal)))
            {
                if (bySource is null || incident.Models.Count > bySource.Models.Count) bySource = incident;
            }
            else if (!incident.SharesSource && SameDomain(incident.CommonDomain, model.Domain))
            {
                if (byDomain is null || incident.Models.Count > byDomain.Models.Count) byDomain = incident;
            }
        }
        return bySource ?? byDomain;
    }

    /// <summary>Adds a firing alert's model to an incident and narrows what the incident's models share.</summary>
    public static void Join(Incident incident, AlertKey alert, ModelInfo model)
    {
        if (!incident.Alerts.Contains(alert)) incident.Alerts.Add(alert);
        if (incident.Models.Contains(model.Id)) return;
        if (incident.Models.Count == 0)
        {
            incident.CommonSources = model.DataSources.Distinct(StringComparer.Ordinal).ToList();
            incident.CommonDomain = model.Domain;
        }
        else
        {
            incident.CommonSources.RemoveAll(s => !model.DataSources.Contains(s, StringComparer.Ordinal));
            if (!SameDomain(incident.CommonDomain, model.Domain)) incident.CommonDomain = null;
        }
        incident.Models.Add(model.Id);
    }

    public static IncidentCause Cause(Incident incident) =>
        incident.Models.Count <= 1 ? new(IncidentCauseKind.Model, incident.Models.ToList())
        : incident.CommonSources.Count > 0 ? new(IncidentCauseKind.DataSource, incident.CommonSources.ToList())
        : new(IncidentCauseKind.Domain, incident.CommonDomain is { } d ? [d] : []);

    /// <summary>Names the shared cause: "12 models reading user-profile", "3 models in fraud", "fraud-7: error-rate".</summary>
    public static string Title(Incident incident)
    {
        var cause = Cause(incident);
        var n = incident.Models.Count;
        return cause.Kind switch
        {
            IncidentCauseKind.DataSource => $"{n} models reading {string.Join(" and ", cause.Values)}",
            IncidentCauseKind.Domain when cause.Values.Count > 0 => $"{n} models in {cause.Values[0]}",
            IncidentCauseKind.Domain => $"{n} models",
            _ => $"{incident.Models.FirstOrDefault()}: {string.Join(", ", incident.Alerts.Select(a => a.Rule).Distinct())}",
        };
    }

    private static bool SameDomain(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
