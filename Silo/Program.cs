using Fleet.Silo;

// `dotnet run --project Silo`: one silo on .data/fleet.db, the dashboard on http://localhost:5080.
var app = FleetHost.Build(args);
await app.RunAsync();
