using System.Data.Common;
using Fleet.Silo.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Fleet.Tests.Storage;

/// <summary>The stored layout's version is stamped on a new database and checked on every start.</summary>
public sealed class StorageVersionTests : IDisposable
{
    private readonly TempSqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    private FleetStorageOptions Sqlite => new() { Provider = StorageProvider.Sqlite, SqlitePath = _file.Path };

    [Fact]
    public async Task A_new_SQLite_database_is_stamped_with_the_current_version_once()
    {
        await SchemaInstaller.InstallAsync(Sqlite);
        await SchemaInstaller.InstallAsync(Sqlite);

        await using var connection = await OpenSqliteAsync();
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM FleetStorageVersion"));
        Assert.Equal((long)StorageVersion.Current, await ScalarAsync(connection, "SELECT Version FROM FleetStorageVersion"));
    }

    [Fact]
    public async Task A_SQLite_database_of_another_version_is_refused_naming_the_file_and_both_versions()
    {
        await SchemaInstaller.InstallAsync(Sqlite);
        await using (var connection = await OpenSqliteAsync())
            await ExecuteAsync(connection, $"UPDATE FleetStorageVersion SET Version = {StorageVersion.Current + 1}");

        var refused = await Assert.ThrowsAsync<StorageVersionException>(() => SchemaInstaller.InstallAsync(Sqlite));

        Assert.Equal(StorageVersion.Current + 1, refused.Found);
        Assert.Contains(_file.Path, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"version {StorageVersion.Current + 1}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"reads version {StorageVersion.Current}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SQLite_database_with_grain_states_but_no_stamp_is_refused_as_version_0()
    {
        await SchemaInstaller.InstallAsync(Sqlite);
        await using (var connection = await OpenSqliteAsync())
        {
            await ExecuteAsync(connection, "DELETE FROM FleetStorageVersion");
            await ExecuteAsync(connection, "INSERT INTO FleetGrainState VALUES ('s', 'probe/1', 'state', x'01', 1)");
        }

        var refused = await Assert.ThrowsAsync<StorageVersionException>(() => SchemaInstaller.InstallAsync(Sqlite));

        Assert.Equal(0, refused.Found);
        await using var check = await OpenSqliteAsync();
        Assert.Equal(0L, await ScalarAsync(check, "SELECT COUNT(*) FROM FleetStorageVersion")); // refused: nothing stamped
    }

    [Fact]
    public async Task A_PostgreSQL_database_of_another_version_is_refused()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        var options = new FleetStorageOptions { Provider = StorageProvider.PostgreSql, PostgresConnectionString = db.ConnectionString };
        await SchemaInstaller.InstallAsync(options);
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.Equal((long)StorageVersion.Current, await ScalarAsync(connection, "SELECT Version FROM FleetStorageVersion"));
            await ExecuteAsync(connection, "UPDATE FleetStorageVersion SET Version = 99");
        }

        var refused = await Assert.ThrowsAsync<StorageVersionException>(() => SchemaInstaller.InstallAsync(options));

        Assert.Equal(99, refused.Found);
        Assert.Contains("PostgreSQL database", refused.Message, StringComparison.Ordinal);
    }

    private async Task<SqliteConnection> OpenSqliteAsync()
    {
        var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is int i ? (long)i : value;
    }
}
