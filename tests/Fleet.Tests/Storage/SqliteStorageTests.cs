using Fleet.Silo.Storage;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;
using Xunit;

namespace Fleet.Tests.Storage;

public sealed class SqliteStorageTests : IDisposable
{
    private readonly TempSqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    private FleetStorageOptions Options => new() { Provider = StorageProvider.Sqlite, SqlitePath = _file.Path };

    [Fact]
    public void Script_splits_on_separator_lines_only()
    {
        // The header (comments only) is no statement; the version table and the grain state table are one each.
        var statements = SchemaInstaller.SplitStatements(SchemaInstaller.ReadScript("sqlite-persistence.sql"));
        Assert.Equal(2, statements.Count);
        Assert.Contains("CREATE TABLE IF NOT EXISTS FleetGrainState", statements[1], StringComparison.Ordinal);

        // Semicolons do not split: a chunk of two statements between separators stays one piece.
        var pieces = SchemaInstaller.SplitStatements("-- header\nSELECT 1;\n\nSELECT 2;\n  -- GO  \nSELECT 3;\n");
        Assert.Equal(["-- header\nSELECT 1;\n\nSELECT 2;", "SELECT 3;"], pieces); // comments stay with their statement
    }

    [Fact]
    public async Task Schema_applied_twice_is_idempotent_and_keeps_grain_state()
    {
        await SchemaInstaller.InstallAsync(Options); // creates the missing .data folder and the file
        Assert.True(File.Exists(_file.Path));
        await using (var connection = new SqliteConnection($"Data Source={_file.Path}"))
        {
            await connection.OpenAsync();
            // A grain row must survive a second install.
            await ExecuteAsync(connection, "INSERT INTO FleetGrainState VALUES ('s', 'probe/1', 'state', x'01', 1)");
        }
        var before = await SnapshotAsync();

        await SchemaInstaller.InstallAsync(Options);
        var after = await SnapshotAsync();

        Assert.Equal(before, after);
        Assert.Equal(1, after.StorageRows);
        Assert.Equal("wal", after.JournalMode);
        Assert.Equal(0, after.OrleansTables); // SQLite grain state is Fleet's own (SqliteGrainStorage): no ADO.NET query table
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

    private sealed record Snapshot(long OrleansTables, long SchemaObjects, long StorageRows, string JournalMode);

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path}");
        await connection.OpenAsync();
        return new Snapshot(
            (long)(await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'Orleans%'"))!,
            (long)(await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master"))!,
            (long)(await ScalarAsync(connection, "SELECT count(*) FROM FleetGrainState"))!,
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
