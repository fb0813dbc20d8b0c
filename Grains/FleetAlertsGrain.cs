using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;

namespace Fleet;

/// <summary>
/// Thin host of the fleet's <see cref="AlertBook"/>: applies model alert changes, ticks escalations on
/// the fleet's event-time clock, and writes the book through before answering.
/// </summary>
/// <remarks>
/// The clock advances with alert changes and with <see cref="Advance"/>, which the fleet registry calls with
/// the newest watermark of any model (and a simulated run with the end of every tick), so a page left firing
/// climbs the ladder though nothing changes. What <see cref="Advance"/> escalates is written before it returns;
/// a clock move that told nobody is written at most once per 15 minutes of event time (a restart then loses at most
/// those minutes of clock, which the next advance gives back: escalations depend only on the persisted incidents).
/// </remarks>
public sealed class FleetAlertsGrain(
    [PersistentState("alerts", StorageNames.Fleet)] IPersistentState<FleetAlertsState> state) : Grain, IFleetAlertsGrain
{
    private AlertBook Book => state.State.Book;

    private static readonly TimeSpan ClockWriteInterval = TimeSpan.FromMinutes(15); // a simulated day at 60-s ticks wrote the whole book every tick
    private DateTimeOffset _clockWritten;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _clockWritten = state.State.Now;
        return Task.CompletedTask;
    }

    public async Task Apply(IReadOnlyList<AlertTransition> transitions, ModelInfo model)
    {
        state.State.Apply(transitions, model);
        await WriteAsync();
    }

    public async Task<IReadOnlyList<Notification>> Advance(DateTimeOffset now)
    {
        var told = state.State.Advance(now);
        if (told.Count > 0 || state.State.Now - _clockWritten >= ClockWriteInterval) await WriteAsync();
        return told;
    }

    public Task<DateTimeOffset> Clock() => Task.FromResult(state.State.Now);

    public Task<AlertBookVersion> GetVersion() => Task.FromResult(new AlertBookVersion(state.State.Version, state.State.Now));

    /// <summary>Every change moves the version before it is written, so readers polling it never miss one (it survives reactivation).</summary>
    private async Task WriteAsync()
    {
        state.State.Version++;
        await state.WriteStateAsync();
        _clockWritten = state.State.Now;
    }

    public Task<IReadOnlyList<AlertView>> Alerts(AlertFilter? filter) => Task.FromResult(Book.Alerts(state.State.Now, filter));

    public Task<IReadOnlyList<IncidentView>> Incidents(bool? open) => Task.FromResult(Book.Incidents(open));

    public async Task<bool> Acknowledge(string target, string by)
    {
        var done = target.Split('/', 2) is [var rule, var model]
            ? Book.Acknowledge(new AlertKey(rule, model), by, state.State.Now)
            : Book.Acknowledge(target, by, state.State.Now);
        if (done) await WriteAsync();
        return done;
    }

    public async Task<int> AcknowledgeModel(string model, string by)
    {
        var count = Book.AcknowledgeModel(model, by, state.State.Now);
        if (count > 0) await WriteAsync();
        return count;
    }

    public async Task<bool> Mitigate(string incidentId, string by)
    {
        var done = Book.Mitigate(incidentId, by, state.State.Now);
        if (done) await WriteAsync();
        return done;
    }

    public async Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason)
    {
        var silence = Book.Silence(matcher, state.State.Now + duration, by, reason, state.State.Now);
        await WriteAsync();
        return silence;
    }

    public async Task<bool> Unsilence(string silenceId, string by)
    {
        var done = Book.Unsilence(silenceId, by, state.State.Now);
        if (done) await WriteAsync();
        return done;
    }

    public Task<IReadOnlyList<Silence>> Silences() => Task.FromResult(Book.Silences(state.State.Now, includeEnded: true));

    public Task<IReadOnlyList<Notification>> Notifications() => Task.FromResult<IReadOnlyList<Notification>>(state.State.Told.ToList());
}
