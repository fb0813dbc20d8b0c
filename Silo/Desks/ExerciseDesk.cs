using Fleet.Events;
using Fleet.Exercises;
using Orleans.Concurrency;
using static Fleet.Silo.Desks.ContractJson;

namespace Fleet.Silo.Desks;

/// <summary>
/// The cluster's exercises as an Orleans client reaches them (the dashboard-only host, <see cref="ClientExerciseControl"/>):
/// a grain, since a client cannot call a grain service. It answers from the <see cref="IExerciseControl"/> of the silo it
/// is activated on; the exercises live in the shared database and their team runs wherever they play. Records cross as
/// JSON text (<see cref="ContractJson"/>).
/// </summary>
[Alias("Fleet.Exercises.IExerciseDesk")]
public interface IExerciseDesk : IGrainWithIntegerKey
{
    [Alias("List")] Task<string> List();
    [Alias("Get")] Task<string?> Get(string id);
    [Alias("Create")] Task<(string? Exercise, ValidationError? Error)> Create(string request);
    [Alias("Steer")] Task<(string? Exercise, ValidationError? Error)> Steer(string id, string command);
    [Alias("Score")] Task<string?> Score(string id);
    [Alias("Timeline")] Task<string?> Timeline(string id);
    [Alias("Join")] Task<string?> Join(string code);
    [Alias("Admits")] Task<bool> Admits(string seat);
    [Alias("OpenQuestion")] Task<string?> OpenQuestion(string world);
    [Alias("Answer")] Task<(string? Answered, ValidationError? Error)> Answer(string world, string answer);
}

/// <summary>Stateless and reentrant: any silo answers, and a call waits on the database or a run, not on other calls.</summary>
[StatelessWorker, Reentrant]
public sealed class ExerciseDesk(IExerciseControl exercises) : Grain, IExerciseDesk
{
    private static readonly CancellationToken None = CancellationToken.None;

    public async Task<string> List() => Write(await exercises.ListAsync(None));
    public async Task<string?> Get(string id) => WriteOrNull(await exercises.GetAsync(id, None));
    public Task<(string? Exercise, ValidationError? Error)> Create(string request) => Written(exercises.CreateAsync(Read<ExerciseRequest>(request), None));
    public Task<(string? Exercise, ValidationError? Error)> Steer(string id, string command) => Written(exercises.SteerAsync(id, command, None));
    public async Task<string?> Score(string id) => WriteOrNull(await exercises.ScoreAsync(id, None));
    public async Task<string?> Timeline(string id) => WriteOrNull(await exercises.TimelineAsync(id, None));
    public async Task<string?> Join(string code) => WriteOrNull(await exercises.JoinAsync(code, None));
    public Task<bool> Admits(string seat) => exercises.AdmitsAsync(Read<TraineeSeat>(seat), None);
    public async Task<string?> OpenQuestion(string world) => WriteOrNull(await exercises.OpenQuestionAsync(world, None));
    public Task<(string? Answered, ValidationError? Error)> Answer(string world, string answer) =>
        Written(exercises.AnswerAsync(world, Read<DecisionAnswerRequest>(answer), None));
}

/// <summary>Exercises for the dashboard-only host: each call is asked of a silo through <see cref="IExerciseDesk"/>.</summary>
public sealed class ClientExerciseControl(IGrainFactory grains) : IExerciseControl
{
    private IExerciseDesk Desk => grains.GetGrain<IExerciseDesk>(0);

    public async Task<IReadOnlyList<Exercise>> ListAsync(CancellationToken ct) => Read<Exercise[]>(await Desk.List().WaitAsync(ct));
    public async Task<Exercise?> GetAsync(string id, CancellationToken ct) => ReadOrNull<Exercise>(await Desk.Get(id).WaitAsync(ct));
    public Task<(Exercise? Exercise, ValidationError? Error)> CreateAsync(ExerciseRequest request, CancellationToken ct) =>
        Read<Exercise>(Desk.Create(Write(request)).WaitAsync(ct));
    public Task<(Exercise? Exercise, ValidationError? Error)> SteerAsync(string id, string command, CancellationToken ct) =>
        Read<Exercise>(Desk.Steer(id, command).WaitAsync(ct));
    public async Task<ExerciseScore?> ScoreAsync(string id, CancellationToken ct) => ReadOrNull<ExerciseScore>(await Desk.Score(id).WaitAsync(ct));
    public async Task<ExerciseTimeline?> TimelineAsync(string id, CancellationToken ct) => ReadOrNull<ExerciseTimeline>(await Desk.Timeline(id).WaitAsync(ct));
    public async Task<TraineeSeat?> JoinAsync(string code, CancellationToken ct) => ReadOrNull<TraineeSeat>(await Desk.Join(code).WaitAsync(ct));
    public Task<bool> AdmitsAsync(TraineeSeat seat, CancellationToken ct) => Desk.Admits(Write(seat)).WaitAsync(ct);
    public async Task<DecisionRecord?> OpenQuestionAsync(string world, CancellationToken ct) => ReadOrNull<DecisionRecord>(await Desk.OpenQuestion(world).WaitAsync(ct));
    public Task<(DecisionRecord? Answered, ValidationError? Error)> AnswerAsync(string world, DecisionAnswerRequest answer, CancellationToken ct) =>
        Read<DecisionRecord>(Desk.Answer(world, Write(answer)).WaitAsync(ct));
}
