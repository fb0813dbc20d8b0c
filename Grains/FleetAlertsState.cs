using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;

namespace Fleet;

/// <summary>
/// The alert book, the fleet's event-time clock, and the last notifications: what
/// <see cref="FleetAlertsGrain"/> persists, and what a plain run (<c>MonitorFleetSink</c>)
/// keeps in memory, so both paths escalate by the same rules.
/// </summary>
[GenerateSerializer]
public sealed class FleetAlertsState
{
    public const int MaxNotifications = 1000;

    [Id(0)] public AlertBook Book { get; set; } = new();
    /// <summary>The newest event time the book has heard of: from alert changes and from <see cref="Advance"/>.</summary>
    [Id(1)] public DateTimeOffset Now { get; set; }
    [Id(2)] public List<Notification> Told { get; set; } = [];
    /// <summary>Moves on every change of the book, before it is written (see <see cref="IFleetAlertsGrain.GetVersion"/>).</summary>
    [Id(3)] public long Version { get; set; }

    /// <summary>Records models' alert changes; the clock moves to the newest of them. Returns whom to tell.</summary>
    public IReadOnlyList<Notification> Apply(IReadOnlyList<AlertTransition> transitions, ModelInfo model)
    {
        var told = new List<Notification>();
        foreach (var transition in transitions)
        {
            if (transition.At > Now) Now = transition.At;
            told.AddRange(Book.Apply(transition, model));
        }
        told.AddRange(Book.Tick(Now));
        Record(told);
        return told;
    }

    /// <summary>
    /// Moves the fleet clock to <paramref name="now"/> (never back): escalations that fell due and silences
    /// that ended are acted on, even when no alert changed. Returns whom to tell.
    /// </summary>
    public IReadOnlyList<Notification> Advance(DateTimeOffset now)
    {
        if (now <= Now) return [];
        Now = now;
        var told = Book.Tick(now);
        Record(told);
        return told;
    }

    public void Record(IReadOnlyList<Notification> notifications)
    {
        Told.AddRange(notifications);
        if (Told.Count > MaxNotifications) Told.RemoveRange(0, Told.Count - MaxNotifications);
    }
}
