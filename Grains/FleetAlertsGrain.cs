using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace Fleet;

/// <summary>
/// Thin host of the fleet's <see cref="AlertBook"/>: applies model alert changes, ticks escalations on
/// the fleet's event-time clock, and writes the book through before answering.
/// Writes are group commits (<see cref="GroupCommit"/>): the grain is reentrant, and every change that arrives
/// while a write runs is covered by the next single write, so the alert changes of a whole fleet tick cost a few
/// writes of the book, not one each.
/// </summary>
/// <remarks>
/// <para>
/// The clock advances with alert changes and with <see cref="Advance"/>, which the fleet registry calls with
/// the newest watermark of any model (and a simulated run with the end of every tick), so a page left firing
/// climbs the ladder though nothing changes. What <see cref="Advance"/> escalates is written before it returns;
/// a clock move that told nobody is written once 15 minutes of event time have passed since the clock last written
/// (advances racing that write may add one more; a restart loses at most those minutes of clock, which the next
/// advance gives back: escalations depend only on the persisted incidents).
/// </para>
/// <para>
/// Every call changes the book synchronously, before its first await, so calls interleave only between whole
/// changes. Readers may see a change while its write still runs (it is written, or the call fails, before the
/// caller hears back). The write stores a copy of the book taken when the write starts, because Orleans serialises
/// the state only after WriteStateAsync has returned (it queues the write), and the ADO.NET provider on PostgreSQL
/// does so on a pool thread when it has to open a new connection: the live book, changing meanwhile on the grain's
/// scheduler, could otherwise be stored half-changed or break the serialiser.
/// </para>
/// </remarks>
[Reentrant]
public sealed class FleetAlertsGrain(
    [PersistentState("alerts", StorageNames.Fleet)] IPersistentState<FleetAlertsState> state,
    DeepCopier<FleetAlertsState> copier) : Grain, IFleetAlertsGrain
{
    private static readonly TimeSpan ClockWriteInterval = TimeSpan.FromMinutes(15); // a simulated day at 60-s ticks wrote the whole book every tick

    private FleetAlertsState _live = null!;
    private GroupCommit _commit = null!;
    private DateTimeOffset _clockWritten;

    private AlertBook Book => _live.Book;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = state.State;
        _clockWritten = _live.Now;
        _commit = new GroupCommit(WriteAsync);
        return Task.CompletedTask;
    }

    public async Task Apply(IReadOnlyList<AlertTransition> transitions, ModelInfo model)
    {
        _live.Apply(transitions, model);
        await CommitAsync();
    }

    public async Task<IReadOnlyList<Notification>> Advance(DateTimeOffset now)
    {
        var told = _live.Advance(now);
        if (told.Count > 0 || _live.Now - _clockWritten >= ClockWriteInterval) await CommitAsync();
        return told;
    }

    public Task<DateTimeOffset> Clock() => Task.FromResult(_live.Now);

    public Task<AlertBookVersion> GetVersion() => Task.FromResult(new AlertBookVersion(_live.Version, _live.Now));

    /// <summary>
    /// Every change moves the version before it is written, so readers polling it never miss one (it survives
    /// reactivation). Completes once a write that started after the change has finished.
    /// </summary>
    private Task CommitAsync()
    {
        _live.Version++;
        return _commit.CommitAsync();
    }

    private async Task WriteAsync()
    {
        state.State = copier.Copy(_live);
        await state.WriteStateAsync();
        _clockWritten = state.State.Now;
    }

    public Task<IReadOnlyList<AlertView>> Alerts(AlertFilter? filter) => Task.FromResult(Book.Alerts(_live.Now, filter));

    public Task<IReadOnlyList<IncidentView>> Incidents(bool? open) => Task.FromResult(Book.Incidents(open));

    public async Task<bool> Acknowledge(string target, string by)
    {
        var done = target.Split('/', 2) is [var rule, var model]
            ? Book.Acknowledge(new AlertKey(rule, model), by, _live.Now)
            : Book.Acknowledge(target, by, _live.Now);
        if (done) await CommitAsync();
        return done;
    }

    public async Task<int> AcknowledgeModel(string model, string by)
    {
        var count = Book.AcknowledgeModel(model, by, _live.Now);
        if (count > 0) await CommitAsync();
        return count;
    }

    public async Task ForgetModel(string model)
    {
        if (!Book.HasAlerts(model)) return;
        _live.Record(Book.Forget(model, _live.Now));
        await CommitAsync();
    }

    public async Task<bool> Mitigate(string incidentId, string by)
    {
        var done = Book.Mitigate(incidentId, by, _live.Now);
        if (done) await CommitAsync();
        return done;
    }

    public async Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason)
    {
        var silence = Book.Silence(matcher, _live.Now + duration, by, reason, _live.Now);
        await CommitAsync();
        return silence;
    }

    public async Task<bool> Unsilence(string silenceId, string by)
    {
        var done = Book.Unsilence(silenceId, by, _live.Now);
        if (done) await CommitAsync();
        return done;
    }

    public Task<IReadOnlyList<Silence>> Silences() => Task.FromResult(Book.Silences(_live.Now, includeEnded: true));

    public Task<IReadOnlyList<Notification>> Notifications() => Task.FromResult<IReadOnlyList<Notification>>(_live.Told.ToList());

    public async Task Clear()
    {
        _live = new FleetAlertsState { Version = _live.Version };
        _clockWritten = default;
        await CommitAsync();
    }
}
