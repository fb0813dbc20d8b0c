using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;

namespace Fleet;

/// <summary>
/// Thin host of the fleet's <see cref="AlertBook"/>: applies model alert changes, ticks escalations on
/// the fleet's event-time clock, and writes the book through before answering.
/// </summary>
public sealed class FleetAlertsGrain(
    [PersistentState("alerts", StorageNames.Fleet)] IPersistentState<FleetAlertsState> state) : Grain, IFleetAlertsGrain
{
    private AlertBook Book => state.State.Book;

    public async Task Apply(IReadOnlyList<AlertTransition> transitions, ModelInfo model)
    {
        foreach (var transition in transitions)
        {
            if (transition.At > state.State.Now) state.State.Now = transition.At;
            state.State.Record(Book.Apply(transition, model));
        }
        state.State.Record(Book.Tick(state.State.Now));
        await SaveAsync();
    }

    public Task<AlertBookVersion> GetVersion() => Task.FromResult(new AlertBookVersion(state.State.Version, state.State.Now));

    public Task<IReadOnlyList<AlertView>> Alerts(AlertFilter? filter) => Task.FromResult(Book.Alerts(state.State.Now, filter));

    public Task<IReadOnlyList<IncidentView>> Incidents(bool? open) => Task.FromResult(Book.Incidents(open));

    public async Task<bool> Acknowledge(string target, string by)
    {
        var done = target.Split('/', 2) is [var rule, var model]
            ? Book.Acknowledge(new AlertKey(rule, model), by, state.State.Now)
            : Book.Acknowledge(target, by, state.State.Now);
        if (done) await SaveAsync();
        return done;
    }

    public async Task<bool> Mitigate(string incidentId, string by)
    {
        var done = Book.Mitigate(incidentId, by, state.State.Now);
        if (done) await SaveAsync();
        return done;
    }

    public async Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason)
    {
        var silence = Book.Silence(matcher, state.State.Now + duration, by, reason, state.State.Now);
        await SaveAsync();
        return silence;
    }

    public async Task<bool> Unsilence(string silenceId, string by)
    {
        var done = Book.Unsilence(silenceId, by, state.State.Now);
        if (done) await SaveAsync();
        return done;
    }

    public Task<IReadOnlyList<Silence>> Silences() => Task.FromResult(Book.Silences(state.State.Now, includeEnded: true));

    public Task<IReadOnlyList<Notification>> Notifications() => Task.FromResult<IReadOnlyList<Notification>>(state.State.Told.ToList());

    /// <summary>Every change moves the version before it is written, so readers polling it never miss one (it survives reactivation).</summary>
    private Task SaveAsync()
    {
        state.State.Version++;
        return state.WriteStateAsync();
    }
}

/// <summary>The alert book, the fleet's event-time clock, the last notifications, and the book's version.</summary>
[GenerateSerializer]
public sealed class FleetAlertsState
{
    public const int MaxNotifications = 1000;

    [Id(0)] public AlertBook Book { get; set; } = new();
    [Id(1)] public DateTimeOffset Now { get; set; }
    [Id(2)] public List<Notification> Told { get; set; } = [];
    /// <summary>Moves on every change of the book (see <see cref="IFleetAlertsGrain.GetVersion"/>).</summary>
    [Id(3)] public long Version { get; set; }

    public void Record(IReadOnlyList<Notification> notifications)
    {
        Told.AddRange(notifications);
        if (Told.Count > MaxNotifications) Told.RemoveRange(0, Told.Count - MaxNotifications);
    }
}
