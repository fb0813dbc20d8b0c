using System.Net;
using Fleet.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Xunit;

namespace Fleet.Tests.Storage;

/// <summary>
/// Against a real PostgreSQL server (FLEET_TEST_POSTGRES, set by ./test.sh). Each test works in its own
/// schema, so tests run in parallel and start from an empty database. Silos are plain hosts on loopback TCP
/// so that membership really goes through the ADO.NET clustering queries.
/// </summary>
public sealed class PostgresStorageTests
{
    private static readonly string[] RequiredQueryKeys =
    [
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    [Fact]
    public async Task Schema_applied_twice_is_idempotent_and_has_the_provider_queries()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        var options = new FleetStorageOptions { Provider = StorageProvider.PostgreSql, PostgresConnectionString = db.ConnectionString };

        await SchemaInstaller.InstallAsync(options);
        await ExecuteAsync(db, "INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, ServiceId, Version) VALUES (1, 0, 0, 2, 't', 's', 1)");
        var before = await SnapshotAsync(db);
        await SchemaInstaller.InstallAsync(options);
        var after = await SnapshotAsync(db);

        Assert.Equal(before, after);
        Assert.Equal(RequiredQueryKeys.Order(), after.QueryKeys.Split(',').Order());
        Assert.Equal(14, after.Tables); // FleetStorageVersion, OrleansQuery, OrleansStorage, membership version + membership, FleetBatchLog,
        // FleetRecordings, FleetRecordingModels, fleet_api_keys, fleet_data_protection_keys, fleet_runs, fleet_run_journal, fleet_exercises,
        // fleet_reviews
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM OrleansStorage"));
    }

    [Fact]
    public async Task Grain_state_survives_a_cluster_restart_and_can_be_cleared()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        var serviceId = "fleet-test-" + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString("N");

        await using (var cluster = await PgCluster.StartAsync(db.ConnectionString, serviceId, silos: 1))
        {
            await cluster.Grain(key).WriteAsync("first");
            await cluster.Grain(key).WriteAsync("second");
        }

        await using (var cluster = await PgCluster.StartAsync(db.ConnectionString, serviceId, silos: 1))
        {
            Assert.Equal(new ProbeSnapshot("second", 2, true, "second", true), await cluster.Grain(key).ReadAsync());
            await cluster.Grain(key).ClearAsync();
        }

        await using (var cluster = await PgCluster.StartAsync(db.ConnectionString, serviceId, silos: 1))
        {
            Assert.Equal(new ProbeSnapshot("", 0, false, "", false), await cluster.Grain(key).ReadAsync());
            await cluster.Grain(key).WriteAsync("after clear");
            Assert.Equal("after clear", (await cluster.Grain(key).ReadAsync()).Text);
        }
    }

    [Fact]
    public async Task Two_silos_form_a_cluster_through_postgres_membership()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        var serviceId = "fleet-test-" + Guid.NewGuid().ToString("N");
        await using var cluster = await PgCluster.StartAsync(db.ConnectionString, serviceId, silos: 2);

        // Both silos registered themselves as Active (3) in the membership table.
        Assert.Equal(2L, await ScalarAsync(db, $"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{cluster.ClusterId}' AND Status = 3"));

        // Grains placed across the cluster are reachable from the client, and some land on each silo.
        var silos = new HashSet<string>();
        for (var i = 0; i < 40 && silos.Count < 2; i++)
        {
            var grain = cluster.Grain($"{serviceId}-{i}");
            await grain.WriteAsync($"value {i}");
            Assert.Equal($"value {i}", (await grain.ReadAsync()).Text);
            silos.Add(await grain.SiloAsync());
        }
        Assert.Equal(2, silos.Count);
    }

    private sealed record Snapshot(long QueryRows, string QueryKeys, long Tables, long Indexes, long StorageRows);

    private static async Task<Snapshot> SnapshotAsync(TempPostgresSchema db) => new(
        (long)(await ScalarAsync(db, "SELECT count(*) FROM OrleansQuery"))!,
        (string)(await ScalarAsync(db, "SELECT string_agg(QueryKey, ',' ORDER BY QueryKey) FROM OrleansQuery"))!,
        (long)(await ScalarAsync(db, $"SELECT count(*) FROM pg_tables WHERE schemaname = '{db.Schema}'"))!,
        (long)(await ScalarAsync(db, $"SELECT count(*) FROM pg_indexes WHERE schemaname = '{db.Schema}'"))!,
        (long)(await ScalarAsync(db, "SELECT count(*) FROM OrleansStorage"))!);

    private static async Task ExecuteAsync(TempPostgresSchema db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(TempPostgresSchema db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>N silos using UseFleetStorage on PostgreSQL plus a client that finds them through the same table.</summary>
    private sealed class PgCluster : IAsyncDisposable
    {
        private readonly List<IHost> _silos;
        private readonly IHost _client;

        private PgCluster(string clusterId, List<IHost> silos, IHost client)
        {
            ClusterId = clusterId;
            _silos = silos;
            _client = client;
        }

        public string ClusterId { get; }

        public IStorageProbeGrain Grain(string key) =>
            _client.Services.GetRequiredService<IClusterClient>().GetGrain<IStorageProbeGrain>(key);

        public static async Task<PgCluster> StartAsync(string connectionString, string serviceId, int silos)
        {
            var clusterId = "c-" + Guid.NewGuid().ToString("N");
            var options = new FleetStorageOptions { Provider = StorageProvider.PostgreSql, PostgresConnectionString = connectionString };
            var ports = FreePorts.Take(2 * silos);
            var hosts = Enumerable.Range(0, silos).Select(i => BuildSilo(options, clusterId, serviceId, ports[2 * i], ports[2 * i + 1])).ToList();
            // Start together: the second silo joins while the first starts, as in a real deployment.
            await Task.WhenAll(hosts.Select(h => h.StartAsync()));

            var clientBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            clientBuilder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = FleetStorageOptions.PostgresInvariant;
                    o.ConnectionString = connectionString;
                });
            });
            var client = clientBuilder.Build();
            await client.StartAsync();
            return new PgCluster(clusterId, hosts, client);
        }

        private static IHost BuildSilo(FleetStorageOptions options, string clusterId, string serviceId, int siloPort, int gatewayPort)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false);
                silo.UseFleetStorage(options);
            });
            return builder.Build();
        }

        public async ValueTask DisposeAsync()
        {
            await _client.StopAsync();
            _client.Dispose();
            await Task.WhenAll(_silos.Select(s => s.StopAsync()));
            _silos.ForEach(s => s.Dispose());
        }
    }
}
