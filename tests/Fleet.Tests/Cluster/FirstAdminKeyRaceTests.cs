using Fleet.Dashboard.Security;
using Fleet.Silo.Security;
using Fleet.Silo.Storage;
using Fleet.Tests.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Cluster;

/// <summary>Silos starting together on an empty PostgreSQL database (README "Operations: PostgreSQL cluster").</summary>
public sealed class FirstAdminKeyRaceTests
{
    private const int Silos = 8;
    private const int Rounds = 5;

    [Fact]
    public async Task Silos_starting_together_on_an_empty_database_create_one_first_admin_key()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        var storage = new FleetStorageOptions { Provider = StorageProvider.PostgreSql, PostgresConnectionString = db.ConnectionString };
        await SchemaInstaller.InstallAsync(storage);
        // Each round is a fresh service (its own keys): eight silos' first-key steps released at once.
        for (var round = 0; round < Rounds; round++)
        {
            var service = $"race-{round}";
            var gate = new TaskCompletionSource();
            var starting = Enumerable.Range(0, Silos).Select(_ => FirstKeyStep(storage, service))
                .Select(step => Task.Run(async () => { await gate.Task; await step.EnsureAsync(CancellationToken.None); })).ToList();
            gate.SetResult();
            await Task.WhenAll(starting);
            var keys = await new SqlApiKeyStore(storage, service).ListAsync();
            Assert.Equal([FirstAdminKey.KeyName], keys.Select(k => k.Name));
        }
    }

    private static FirstAdminKey FirstKeyStep(FleetStorageOptions storage, string service)
    {
        var store = new SqlApiKeyStore(storage, service);
        var issuer = new ApiKeyIssuer(store, new ApiKeyVerifier(store, TimeProvider.System), TimeProvider.System);
        return new FirstAdminKey(store, issuer, Options.Create(new FleetAuthOptions()), new OperatorConsole(TextWriter.Null));
    }
}
