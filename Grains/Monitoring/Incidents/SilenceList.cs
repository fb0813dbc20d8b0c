using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// The operators' silences, as Alertmanager keeps them apart from grouping and routing: which alerts are
/// silenced at an event time, and the record of ended ones (the newest <see cref="MaxEnded"/> are kept).
/// </summary>
[GenerateSerializer]
public sealed class SilenceList
{
    /// <summary>Ended or expired silences kept for the record; older ones are dropped first.</summary>
    public const int MaxEnded = 200;

    [Id(0)] private List<Silence> _silences = [];
    [Id(1)] private int _last;

    /// <summary>Silences the alerts <paramref name="matcher"/> matches from <paramref name="now"/> until <paramref name="until"/>.</summary>
    public Silence Add(SilenceMatcher matcher, DateTimeOffset until, string by, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        if (until <= now) throw new ArgumentException("A silence must end after it starts.", nameof(until));
        if (string.IsNullOrWhiteSpace(by)) throw new ArgumentException("A silence needs who set it.", nameof(by));
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("A silence needs a reason.", nameof(reason));
        var silence = new Silence($"SIL-{++_last:D4}", matcher, now, until, by, reason);
        _silences.Add(silence);
        return silence;
    }

    /// <summary>Lifts a silence before it expires. False when unknown or no longer in force.</summary>
    public bool Lift(string silenceId, string by, DateTimeOffset now)
    {
        var i = _silences.FindIndex(s => s.Id == silenceId);
        if (i < 0 || !_silences[i].IsActive(now)) return false;
        _silences[i] = _silences[i] with { EndedAt = now, EndedBy = by };
        return true;
    }

    /// <summary>Silences in force at <paramref name="now"/> (with <paramref name="includeEnded"/>, the ended ones kept too).</summary>
    public IReadOnlyList<Silence> List(DateTimeOffset now, bool includeEnded) =>
        _silences.Where(s => includeEnded || s.IsActive(now)).ToList();

    /// <summary>The first silence in force at <paramref name="now"/> that covers the alert, if any.</summary>
    public Silence? Covering(AlertKey alert, string domain, DateTimeOffset now)
    {
        foreach (var s in _silences)
        {
            if (s.Covers(alert, domain, now)) return s;
        }
        return null;
    }

    /// <summary>Drops the oldest ended silences beyond <see cref="MaxEnded"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        var ended = _silences.Count(s => !s.IsActive(now));
        for (var i = 0; i < _silences.Count && ended > MaxEnded; i++)
        {
            if (_silences[i].IsActive(now)) continue;
            _silences.RemoveAt(i--);
            ended--;
        }
    }
}
