using Fleet.Monitoring.Alerts;

namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// Impact in numbers. A run's counts are its journal's (transitions, final levels, injections, actions; models and events from the run, or its journaled figures once it is gone); requests a
/// fallback answered and requests that failed are summed from the affected models' window buckets that overlap the
/// report's span (so they are as fine as those buckets). A run's truth (served degraded, served wrong, users served
/// degraded: <see cref="Fleet.Runs.RunTruth"/>) is the simulator's over the whole run. An incident's users affected are the
/// affected models' hourly sketches of users served badly (<see cref="Fleet.Users.UserSketch"/>), merged over the hours the
/// span touches, so a user served badly by two models counts once; where no affected model's events carried a user id, not measured.
/// </summary>
public static class ImpactSection
{
    public const string Id = "impact";

    /// <summary>For a figure the run never journaled (it was cut off before it stopped playing), once it is no longer kept on this silo.</summary>
    public const string NotJournaled = "not in the run's journal (the run was cut off before it journaled its figures)";

    public const string ServedDegraded = "predictions served degraded, by the simulator's truth (errors, timeouts, a fallback in place of a right answer)";
    public const string ServedWrong = "predictions served wrong, by the simulator's truth (the models' usual errors included)";
    public const string UsersAffected = "users affected (simulated users served degraded at least once, of all the models' users)";

    /// <summary>For the simulator's truth of a run that has not stopped playing, or was cut off before it journaled it.</summary>
    public const string NoTruth = "not in the run's journal (journaled when the run stops playing)";

    /// <summary>What an incident's report says of users when no affected model's events carried a user id.</summary>
    public const string LiveUsers = "not measured: the events carry no user id";

    public const string LiveUsersAffected = "users affected (distinct user ids served an error, a timeout or a fallback answer in the hours the span touches, affected models)";

    public static ReportSection Build(ReportScope scope)
    {
        var rows = new List<IReadOnlyList<string>>();
        void Row(string figure, string value) => rows.Add([figure, value]);
        var facts = scope.Facts;
        if (facts.Run is { } run)
        {
            Row("models in the run", run.Models is { } models ? ReportText.Count(models) : NotJournaled);
            Row("events generated", run.Events is { } events ? ReportText.Count(events) : NotJournaled);
            Row("ticks played", ReportText.Count(run.Ticks));
        }
        else Row("models in the incident", ReportText.Count(facts.Incidents.Sum(i => i.Models.Count)));
        Row("models affected (left full AI or raised an alert)", ReportText.Count(scope.Affected.Count));
        Row("models that reached a fallback (level 3 or worse)", ReportText.Count(scope.Transitions.Where(t => t.To >= 3).Select(t => t.Model).Distinct().Count()));
        Row("level transitions", ReportText.Count(scope.Transitions.Count));
        var raised = scope.RaisedAlerts.ToList();
        Row("alerts raised", ReportText.Count(raised.Count));
        Row("alerts that paged", ReportText.Count(raised.Count(a => a.Severity == AlertSeverity.Page && a.State is AlertState.Firing or AlertState.Resolved)));
        Row("incidents", ReportText.Count(facts.Incidents.Count));
        if (Duration(scope) is { } duration) Row("impact duration (first impact start to last resolution)", duration);
        var (served, failed, buckets) = Requests(scope);
        Row("requests a fallback answered (level 3-5), affected models", buckets > 0 ? ReportText.Count(served) : "no window bucket covers the span");
        Row("requests that failed (errors and timeouts), affected models", buckets > 0 ? ReportText.Count(failed) : "no window bucket covers the span");
        if (facts.Run is { } played)
        {
            var truth = played.Truth;
            Row(ServedDegraded, truth is { } d ? ReportText.Count(d.Degraded) : NoTruth);
            Row(ServedWrong, truth is { } w ? ReportText.Count(w.Wrong) : NoTruth);
            Row(UsersAffected, truth is { } u ? $"{ReportText.Count(u.UsersAffected)} of {ReportText.Count(u.Users)}" : NoTruth);
        }
        else if (LiveUsersServedBadly(scope) is { } users) Row(LiveUsersAffected, users);
        else Row("users affected", LiveUsers);
        if (facts.Run is { } r)
        {
            Row("injections", ReportText.Count(scope.Injections.Count()));
            Row("actions", ReportText.Count(scope.Actions.Count()));
            Row("models not at full AI at the end", ReportText.Count(r.FinalLevels.Count(l => l.Value > 1)));
        }
        else Row("actions", ReportText.Count(scope.Journal.Count));
        return new ReportSection(Id, "Impact", [new Table(["figure", "value"], rows)]);
    }

    /// <summary>
    /// The affected models' users served badly in the hours overlapping [From, To], merged, with the sketch's standard
    /// error; null when none of their events carried a user id (a model with ids and no badly served user counts 0).
    /// </summary>
    private static string? LiveUsersServedBadly(ReportScope scope)
    {
        var views = scope.Affected.Select(m => scope.Facts.Models.TryGetValue(m, out var f) ? f.Users : null)
            .Where(u => u is { PredictionsWithUser: > 0 }).ToList();
        if (views.Count == 0) return null;
        var union = new Fleet.Users.UserSketch();
        foreach (var hour in views.SelectMany(u => u!.Hours).Where(h => h.Start + TimeSpan.FromHours(1) > scope.From && h.Start <= scope.To))
            union.Merge(hour.Sketch);
        // A model keeps its last 24 hours: a span reaching further back is counted only over what is kept, and says so.
        var kept = views.Select(u => u!.KeptSince).Max();
        var partial = kept is { } since && since > scope.From ? $"; {KeptOnly} {ReportText.Time(since)}" : "";
        return Count(union.Estimate()) + partial;
    }

    /// <summary>Says that users served badly before a model's last 24 hours are forgotten, so the count covers less than the span.</summary>
    public const string KeptOnly = "users served badly are kept 24 hours: counted since";

    /// <summary>An estimate as the report states it: rounded, with the sketch's relative standard error at that count.</summary>
    public static string Count(double estimate) =>
        $"{ReportText.Count((long)Math.Round(estimate))} (±{(Fleet.Users.UserSketch.RelativeError(estimate) * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} %)";

    private static string? Duration(ReportScope scope)
    {
        var incidents = scope.Facts.Incidents;
        if (incidents.Count == 0) return null;
        var start = incidents.Min(i => i.Milestones.ImpactStarted);
        if (incidents.Any(i => i.Milestones.Resolved is null)) return $"{ReportText.Duration(scope.To - start)} and ongoing";
        return ReportText.Duration(incidents.Max(i => i.Milestones.Resolved!.Value) - start);
    }

    /// <summary>Sums each affected model's buckets (finest first, none counted twice) that overlap [From, To].</summary>
    private static (long Served, long Failed, int Buckets) Requests(ReportScope scope)
    {
        double served = 0, failed = 0;
        var buckets = 0;
        foreach (var model in scope.Affected)
        {
            foreach (var b in ChartsSection.Buckets(scope, model, scope.From, scope.To))
            {
                buckets++;
                var m = b.Metrics;
                served += m.Volume * (m.DegradedShare ?? 0);
                failed += m.Volume * ((m.ErrorRate ?? 0) + (m.TimeoutRate ?? 0));
            }
        }
        return ((long)Math.Round(served), (long)Math.Round(failed), buckets);
    }
}
