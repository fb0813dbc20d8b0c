using Fleet.Silo;
using Fleet.Silo.Storage;

// `dotnet run --project Silo`: one silo on .data/fleet.db, the dashboard on http://localhost:5080.
var app = FleetHost.Build(args);
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (Refusal(e) is { } refused)
{
    // A database of another storage version is a decision for the operator, not a crash: say it plainly.
    Console.Error.WriteLine(refused.Message);
    return 2;
}

static StorageVersionException? Refusal(Exception? e) => e switch
{
    null => null,
    StorageVersionException refused => refused,
    AggregateException all => all.InnerExceptions.Select(Refusal).FirstOrDefault(r => r is not null),
    _ => Refusal(e.InnerException),
};
