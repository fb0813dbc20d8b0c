using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Runs;

namespace Fleet.Dashboard.Reports;

/// <summary>
/// Gathers a report's facts: a run's from its durable journal (header, level changes, injections, actions, every alert
/// episode, incident milestones over the book's), so an ended run is reported after a restart too; and from the run's or incident's world its alert book
/// (incidents, notifications) and each affected model's snapshot, 1h and 24h series, audit trail and users served badly per hour.
/// </summary>
public sealed class ReportFactSource(IGrainFactory grains, IRunControl runs)
{
    private static readonly WindowSpan[] ChartWindows = [WindowSpan.OneHour, WindowSpan.OneDay];

    /// <summary>The facts of a run (its world is named by its id); null when the journal holds no such run.</summary>
    public async Task<ReportFacts?> ForRunAsync(string runId, CancellationToken ct = default)
    {
        if ((await runs.ListRecordedAsync(ct)).FirstOrDefault(r => r.Id == runId) is not { } header) return null;
        var entries = await JournalAsync(runId, ct);
        var run = RunRecord.Read(header, await runs.GetAsync(runId, ct), entries);
        var book = grains.AlertBook(runId);
        var incidents = IncidentJournal.Read(entries, await book.Incidents(null));
        var alerts = AlertEpisodes.Read(entries, await book.Alerts(null));
        var told = await book.Notifications();
        var ids = run.Transitions.Select(t => t.Model).Concat(alerts.Select(a => a.Model)).Concat(incidents.SelectMany(i => i.Models));
        return new ReportFacts(ReportSubject.Run, runId, runId, run, incidents, alerts, told, await ModelsAsync(runId, ids), await CatalogueAsync(),
            Firings: AlertEpisodes.Firings(entries));
    }

    /// <summary>Every entry of the run's journal, read page by page.</summary>
    private async Task<List<RunJournalEntry>> JournalAsync(string runId, CancellationToken ct)
    {
        var entries = new List<RunJournalEntry>();
        long after = -1;
        while (await runs.JournalAsync(runId, after, RunJournalLimits.MaxPage, ct) is { } page)
        {
            entries.AddRange(page.Entries);
            if (page.Next is not { } next) break;
            after = next;
        }
        return entries;
    }

    /// <summary>The facts of one incident of <paramref name="world"/>: only what its alert book and models recorded; null when unknown.</summary>
    public async Task<ReportFacts?> ForIncidentAsync(string world, string incidentId)
    {
        var book = grains.AlertBook(world);
        if ((await book.Incidents(null)).FirstOrDefault(i => i.Id == incidentId) is not { } incident) return null;
        var keys = incident.Alerts.ToHashSet();
        var alerts = (await book.Alerts(null)).Where(a => keys.Contains(new AlertKey(a.Rule, a.Model))).ToList();
        var told = (await book.Notifications()).Where(n => n.IncidentId == incidentId).ToList();
        return new ReportFacts(ReportSubject.Incident, incidentId, world, null, [incident], alerts, told, await ModelsAsync(world, incident.Models), await CatalogueAsync());
    }

    private Task<CatalogueView> CatalogueAsync() => grains.GetGrain<ICatalogueGrain>(0).Get();

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
            models[id] = new ModelFacts(snapshot, series, await grain.GetActions(), await grain.GetAffectedUsers());
        }
        return models;
    }
}
