using Fleet.Events;
using Fleet.Runs;

namespace Fleet.Silo.Runs;

/// <summary>
/// The operations on runs one Orleans call carries, declared once: a silo's <see cref="IRunHost"/> answers them for the runs
/// it plays, and <see cref="IRunDesk"/> for a client (the dashboard-only host), from whichever silo it is activated on.
/// </summary>
[Alias("Fleet.Runs.IRunOperations")]
public interface IRunOperations : IAddressable
{
    [Alias("List")] Task<RunStatus[]> List();
    [Alias("Get")] Task<RunStatus?> Get(string id);
    [Alias("Summary")] Task<RunSummary?> Summary(string id);
    [Alias("Impact")] Task<RunImpact?> Impact(string id);
    [Alias("Jump")] Task<(RunStatus? Status, ValidationError? Error)> Jump(string id, DateTimeOffset to);
    [Alias("SetSpeed")] Task<RunStatus?> SetSpeed(string id, double speed);
    [Alias("Pause")] Task<RunStatus?> Pause(string id);
    [Alias("Resume")] Task<RunStatus?> Resume(string id);
    [Alias("Step")] Task<RunStatus?> Step(string id);
    [Alias("HoldAt")] Task<RunStatus?> HoldAt(string id, DateTimeOffset[] times);
    [Alias("HoldAtTriggers")] Task<RunStatus?> HoldAtTriggers(string id, int[] points);
    [Alias("TriggeredAt")] Task<DateTimeOffset?> TriggeredAt(string id, int point);
    [Alias("Stop")] Task<RunStatus?> Stop(string id);
    [Alias("Act")] Task<ValidationError?> Act(string id, RunAction action);
    [Alias("ActOnBook")] Task<ValidationError?> ActOnBook(string id, RunBookAction action);
    [Alias("Inject")] Task<ValidationError?> Inject(string id, RunInjection injection);
    [Alias("Note")] Task<ValidationError?> Note(string id, string kind, string target, string by, string detail);
    [Alias("FindRun")] Task<(string RunId, DateTimeOffset Now)?> FindRun(string world, string model);
    [Alias("JournalFor")] Task<JournalEntry[]> JournalFor(string world, string model);
}
