using Fleet.Events;
using Fleet.Exercises;
using Orleans.Concurrency;

namespace Fleet.Silo.Desks;

/// <summary>
/// The cluster's exercises as an Orleans client reaches them (the dashboard-only host, <see cref="ClientExerciseControl"/>):
/// a grain, since a client cannot call a grain service. It answers from the <see cref="IExerciseControl"/> of the silo it
/// is activated on; the exercises live in the shared database and their team runs wherever they play.
/// </summary>
[Alias("Fleet.Exercises.IExerciseDesk")]
public interface IExerciseDesk : IGrainWithIntegerKey
{
    [Alias("List")] Task<Exercise[]> List();
    [Alias("Get")] Task<Exercise?> Get(string id);
    [Alias("Create")] Task<(Exercise? Exercise, ValidationError? Error)> Create(ExerciseRequest request);
    [Alias("Steer")] Task<(Exercise? Exercise, ValidationError? Error)> Steer(string id, string command);
    [Alias("Score")] Task<ExerciseScore?> Score(string id);
    [Alias("Timeline")] Task<ExerciseTimeline?> Timeline(string id);
    [Alias("Join")] Task<TraineeSeat?> Join(string code);
    [Alias("Admits")] Task<bool> Admits(TraineeSeat seat);
    [Alias("OpenQuestion")] Task<DecisionRecord?> OpenQuestion(string world);
    [Alias("Answer")] Task<(DecisionRecord? Answered, ValidationError? Error)> Answer(string world, DecisionAnswerRequest answer);
}

/// <summary>Stateless and reentrant: any silo answers, and a call waits on the database or a run, not on other calls.</summary>
[StatelessWorker, Reentrant]
public sealed class ExerciseDesk(IExerciseControl exercises) : Grain, IExerciseDesk
{
    public async Task<Exercise[]> List() => [.. await exercises.ListAsync(CancellationToken.None)];
    public Task<Exercise?> Get(string id) => exercises.GetAsync(id, CancellationToken.None);
    public Task<(Exercise? Exercise, ValidationError? Error)> Create(ExerciseRequest request) => exercises.CreateAsync(request, CancellationToken.None);
    public Task<(Exercise? Exercise, ValidationError? Error)> Steer(string id, string command) => exercises.SteerAsync(id, command, CancellationToken.None);
    public Task<ExerciseScore?> Score(string id) => exercises.ScoreAsync(id, CancellationToken.None);
    public Task<ExerciseTimeline?> Timeline(string id) => exercises.TimelineAsync(id, CancellationToken.None);
    public Task<TraineeSeat?> Join(string code) => exercises.JoinAsync(code, CancellationToken.None);
    public Task<bool> Admits(TraineeSeat seat) => exercises.AdmitsAsync(seat, CancellationToken.None);
    public Task<DecisionRecord?> OpenQuestion(string world) => exercises.OpenQuestionAsync(world, CancellationToken.None);
    public Task<(DecisionRecord? Answered, ValidationError? Error)> Answer(string world, DecisionAnswerRequest answer) =>
        exercises.AnswerAsync(world, answer, CancellationToken.None);
}

/// <summary>Exercises for the dashboard-only host: each call is asked of a silo through <see cref="IExerciseDesk"/>.</summary>
public sealed class ClientExerciseControl(IGrainFactory grains) : IExerciseControl
{
    private IExerciseDesk Desk => grains.GetGrain<IExerciseDesk>(0);

    public async Task<IReadOnlyList<Exercise>> ListAsync(CancellationToken ct) => await Desk.List().WaitAsync(ct);
    public Task<Exercise?> GetAsync(string id, CancellationToken ct) => Desk.Get(id).WaitAsync(ct);
    public Task<(Exercise? Exercise, ValidationError? Error)> CreateAsync(ExerciseRequest request, CancellationToken ct) => Desk.Create(request).WaitAsync(ct);
    public Task<(Exercise? Exercise, ValidationError? Error)> SteerAsync(string id, string command, CancellationToken ct) => Desk.Steer(id, command).WaitAsync(ct);
    public Task<ExerciseScore?> ScoreAsync(string id, CancellationToken ct) => Desk.Score(id).WaitAsync(ct);
    public Task<ExerciseTimeline?> TimelineAsync(string id, CancellationToken ct) => Desk.Timeline(id).WaitAsync(ct);
    public Task<TraineeSeat?> JoinAsync(string code, CancellationToken ct) => Desk.Join(code).WaitAsync(ct);
    public Task<bool> AdmitsAsync(TraineeSeat seat, CancellationToken ct) => Desk.Admits(seat).WaitAsync(ct);
    public Task<DecisionRecord?> OpenQuestionAsync(string world, CancellationToken ct) => Desk.OpenQuestion(world).WaitAsync(ct);
    public Task<(DecisionRecord? Answered, ValidationError? Error)> AnswerAsync(string world, DecisionAnswerRequest answer, CancellationToken ct) =>
        Desk.Answer(world, answer).WaitAsync(ct);
}
