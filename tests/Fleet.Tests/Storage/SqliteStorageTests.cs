using Fleet.Silo.Storage;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;
using Xunit;

namespace Fleet.Tests.Storage;

public sealed class SqliteStorageTests : IDisposable
{
    private static readonly string[] PersistenceQueryKeys =
        ["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    private readonly TempSqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    private FleetStorageOptions Options => new() { Provider = StorageProvider.Sqlite, SqlitePath = _file.Path };

    [Fact]
    public void Script_splits_on_separator_lines_only()
    {
        var statements = SchemaInstaller.SplitStatements(SchemaInstaller.ReadScript("sqlite-persistence.sql"));

        // 3 tables + 1 index + 4 query rows; the write query holds two statements and stays one piece.
        Assert.Equal(8, statements.Count);
        var write = Assert.Single(statements, s => s.Contains("'WriteToStorageKey'", StringComparison.Ordinal));
        Assert.Contains("RETURNING Version AS NewGrainStateVersion;\n\nINSERT INTO OrleansStorage", write, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_applied_twice_is_idempotent_and_has_the_provider_queries()
    {
        await SchemaInstaller.InstallAsync(Options); // creates the missing .data folder and the file
        Assert.True(File.Exists(_file.Path));
        await using (var connection = new SqliteConnection($"Data Source={_file.Path}"))
        {
            await connection.OpenAsync();
            // A grain row must survive a second install.
            await ExecuteAsync(connection, "INSERT INTO OrleansStorage VALUES (1, 0, 0, 2, 't', NULL, 's', x'01', 'now', 1)");
        }
        var before = await SnapshotAsync();

        await SchemaInstaller.InstallAsync(Options);
        var after = await SnapshotAsync();

        Assert.Equal(before, after);
        Assert.Equal(1, after.StorageRows);
        Assert.Equal("wal", after.JournalMode);
        Assert.Equal(PersistenceQueryKeys.Order(), after.QueryKeys.Split(',').Order());
    }

    [Fact]
    public async Task Grain_state_survives_a_cluster_restart_and_can_be_cleared()
    {
        var serviceId = "fleet-test-" + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString("N");

        await using (var cluster = await StartClusterAsync(serviceId))
        {
            var grain = cluster.Client.GetGrain<IStorageProbeGrain>(key);
            await grain.WriteAsync("first");
            await grain.WriteAsync("second");
        }

        await using (var cluster = await StartClusterAsync(serviceId))
        {
            var grain = cluster.Client.GetGrain<IStorageProbeGrain>(key);
            Assert.Equal(new ProbeSnapshot("second", 2, true, "second", true), await grain.ReadAsync());
            await grain.ClearAsync();
            Assert.Equal(new ProbeSnapshot("", 0, false, "", false), await grain.ReadAsync());
        }

        await using (var cluster = await StartClusterAsync(serviceId))
        {
            var grain = cluster.Client.GetGrain<IStorageProbeGrain>(key);
            Assert.Equal(new ProbeSnapshot("", 0, false, "", false), await grain.ReadAsync());
            await grain.WriteAsync("after clear"); // the ETag left by the clear must still be accepted
            Assert.Equal("after clear", (await grain.ReadAsync()).Text);
        }
    }

    private async Task<InProcessTestCluster> StartClusterAsync(string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        var options = Options;
        builder.ConfigureSilo((_, silo) => silo.UseFleetStorage(options));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed record Snapshot(long QueryRows, string QueryKeys, long SchemaObjects, long StorageRows, string JournalMode);

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path}");
        await connection.OpenAsync();
        return new Snapshot(
            (long)(await ScalarAsync(connection, "SELECT count(*) FROM OrleansQuery"))!,
            (string)(await ScalarAsync(connection, "SELECT group_concat(QueryKey) FROM (SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey)"))!,
            (long)(await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master"))!,
            (long)(await ScalarAsync(connection, "SELECT count(*) FROM OrleansStorage"))!,
            (string)(await ScalarAsync(connection, "PRAGMA journal_mode"))!);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
