using Fleet.Events;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet;

/// <summary>One production model: the single writer of its windows, thresholds and level. Keyed by <see cref="World.ModelKey"/>.</summary>
[Alias("Fleet.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Registers the model or replaces its metadata and thresholds; durable before it returns.</summary>
    [Alias("Register")]
    Task<ModelSnapshot> Register(ModelDefinition definition);

    /// <summary>Applies a batch whole or not at all; a batch id seen before changes nothing.</summary>
    [Alias("Ingest")]
    Task<IngestResult> Ingest(EventBatch batch);

    /// <summary>Moves the model's clock forward without events, so windows roll and silence is judged.</summary>
    [Alias("AdvanceTo")]
    Task<LevelTransition?> AdvanceTo(DateTimeOffset now);

    /// <summary>
    /// Pins the model at a level chosen by an operator (a forced fallback, or the kill switch), or
    /// with null releases it to the policy again. Recorded as a transition with who and why; durable.
    /// </summary>
    /// <returns>The transition recorded, or null when nothing moved (or the model is not registered).</returns>
    [Alias("Force")]
    Task<LevelTransition?> Force(DegradationLevel? level, string by, string reason, DateTimeOffset at);

    /// <summary>The current snapshot, or null when the model was never registered.</summary>
    [Alias("GetSnapshot")]
    Task<ModelSnapshot?> GetSnapshot();

    /// <summary>The declared candidate version against the registered one, with the verdict; null when none is declared (or not registered).</summary>
    [Alias("GetRollout")]
    Task<RolloutReport?> GetRollout();

    /// <summary>The model's weekly or monthly review: five dimensions against the period before, open issues, actions; null when not registered.</summary>
    [Alias("GetReview")]
    Task<ModelReview?> GetReview(ReviewPeriod period);

    /// <summary>A window as a time series, one point per bucket; null when the model was never registered.</summary>
    [Alias("GetSeries")]
    Task<ModelSeries?> GetSeries(WindowSpan window);

    /// <summary>The users the model served badly, per hour of the last 24 (the postmortem's users affected); null when not registered.</summary>
    [Alias("GetAffectedUsers")]
    Task<Fleet.Users.AffectedUsersView?> GetAffectedUsers();

    /// <summary>
    /// Applies an operator's action (one of <see cref="Fleet.Actions.OperatorActions"/>, its arguments already valid) where
    /// Fleet itself can: the ladder (force-level, kill switch, release) and the alert book (acknowledge, silence); audits every
    /// action; the record is durable before the call returns. Null when not registered.
    /// </summary>
    [Alias("Act")]
    Task<ActionRecord?> Act(string action, Fleet.Actions.ActionArguments arguments, DateTimeOffset at);

    /// <summary>Audits an action taken elsewhere (a simulated run applies it); durable before it returns.</summary>
    [Alias("Audit")]
    Task Audit(ActionRecord record);

    /// <summary>The audited actions, oldest first.</summary>
    [Alias("GetActions")]
    Task<IReadOnlyList<ActionRecord>> GetActions();

    /// <summary>
    /// Forgets the model: its definition, windows, level history and audit trail, its registry line and its alerts.
    /// False when it is not registered. A later registration starts afresh.
    /// </summary>
    [Alias("Delete")]
    Task<bool> Delete();

    /// <summary>
    /// Keeps the definition and starts the monitoring afresh: windows, pending predictions, recent batch ids, level
    /// history and alerts are emptied. Null when the model is not registered.
    /// </summary>
    [Alias("Reset")]
    Task<ModelSnapshot?> Reset();

    /// <summary>
    /// Writes the window checkpoint now (otherwise it is written on an interval and on deactivation); returns the batch
    /// log position it holds: the model's batches after it are the ones accepted from now on (where a recording starts,
    /// and where it stops).
    /// </summary>
    [Alias("Checkpoint")]
    Task<long> Checkpoint();
}
