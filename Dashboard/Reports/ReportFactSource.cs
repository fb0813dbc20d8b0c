using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Runs;

namespace Fleet.Dashboard.Reports;

/// <summary>
/// Gathers a report's facts: a run's summary (transitions, journal) from <see cref="IRunControl"/>, and from the
/// run's or incident's world its alert book (incidents, alerts, notifications) and each affected model's snapshot,
/// 1h and 24h series and audit trail.
/// </summary>
public sealed class ReportFactSource(IGrainFactory grains, IRunControl? runs)
{
    private static readonly WindowSpan[] ChartWindows = [WindowSpan.OneHour, WindowSpan.OneDay];

    /// <summary>The facts of a run (its world is named by its id); null when no such run is kept here.</summary>
    public async Task<ReportFacts?> ForRunAsync(string runId)
    {
        if (runs?.Summary(runId) is not { } summary) return null;
        var book = grains.AlertBook(runId);
        var incidents = await book.Incidents(null);
        var alerts = await book.Alerts(null);
        var told = await book.Notifications();
        var ids = summary.Transitions.Select(t => t.Model).Concat(alerts.Select(a => a.Model)).Concat(incidents.SelectMany(i => i.Models));
        return new ReportFacts(ReportSubject.Run, runId, runId, summary, incidents, alerts, told, await ModelsAsync(runId, ids));
    }

    /// <summary>The facts of one incident of <paramref name="world"/>: only what its alert book and models recorded; null when unknown.</summary>
    public async Task<ReportFacts?> ForIncidentAsync(string world, string incidentId)
    {
        var book = grains.AlertBook(world);
        if ((await book.Incidents(null)).FirstOrDefault(i => i.Id == incidentId) is not { } incident) return null;
        var keys = incident.Alerts.ToHashSet();
        var alerts = (await book.Alerts(null)).Where(a => keys.Contains(new AlertKey(a.Rule, a.Model))).ToList();
        var told = (await book.Notifications()).Where(n => n.IncidentId == incidentId).ToList();
        return new ReportFacts(ReportSubject.Incident, incidentId, world, null, [incident], alerts, told, await ModelsAsync(world, incident.Models));
    }

    private async Task<IReadOnlyDictionary<string, ModelFacts>> ModelsAsync(string world, IEnumerable<string> ids)
    {
        var models = new SortedDictionary<string, ModelFacts>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var grain = grains.Model(world, id);
            if (await grain.GetSnapshot() is not { } snapshot) continue;
            var series = new List<Fleet.Snapshots.ModelSeries>();
            foreach (var window in ChartWindows)
                if (await grain.GetSeries(window) is { } s) series.Add(s);
            models[id] = new ModelFacts(snapshot, series, await grain.GetActions());
        }
        return models;
    }
}
