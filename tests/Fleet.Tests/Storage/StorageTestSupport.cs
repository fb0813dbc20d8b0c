using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Runtime;

namespace Fleet.Tests.Storage;

/// <summary>Probe grain used by the storage tests: one state on the "fleet" provider, one on the default one.</summary>
public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task WriteAsync(string text);
    Task<ProbeSnapshot> ReadAsync();
    Task ClearAsync();
    Task<string> SiloAsync();
}

[GenerateSerializer, Alias("Fleet.Tests.Storage.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public string Text { get; set; } = "";
    [Id(1)] public int Writes { get; set; }
}

[GenerateSerializer, Alias("Fleet.Tests.Storage.ProbeSnapshot")]
public sealed record ProbeSnapshot(
    [property: Id(0)] string Text,
    [property: Id(1)] int Writes,
    [property: Id(2)] bool RecordExists,
    [property: Id(3)] string DefaultText,
    [property: Id(4)] bool DefaultRecordExists);

public sealed class StorageProbeGrain(
    [PersistentState("probe", "fleet")] IPersistentState<ProbeState> named,
    [PersistentState("probe-default")] IPersistentState<ProbeState> byDefault,
    ILocalSiloDetails silo) : Grain, IStorageProbeGrain
{
    public async Task WriteAsync(string text)
    {
        named.State.Text = text;
        named.State.Writes++;
        await named.WriteStateAsync();
        byDefault.State.Text = text;
        await byDefault.WriteStateAsync();
    }

    public Task<ProbeSnapshot> ReadAsync() => Task.FromResult(new ProbeSnapshot(
        named.State.Text, named.State.Writes, named.RecordExists, byDefault.State.Text, byDefault.RecordExists));

    public async Task ClearAsync()
    {
        await named.ClearStateAsync();
        await byDefault.ClearStateAsync();
    }

    public Task<string> SiloAsync() => Task.FromResult(silo.SiloAddress.ToString());
}

/// <summary>A unique SQLite file under the temp folder, deleted (with its WAL files) on dispose.</summary>
internal sealed class TempSqliteFile : IDisposable
{
    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fleet-tests", Guid.NewGuid().ToString("N"));

    // A sub-folder that does not exist yet: the installer must create it on first start.
    public string Path => System.IO.Path.Combine(Root, ".data", "fleet.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

/// <summary>Real PostgreSQL for tests: FLEET_TEST_POSTGRES, isolated per test in a throw-away schema.</summary>
internal sealed class TempPostgresSchema : IAsyncDisposable
{
    public const string EnvironmentVariable = "FLEET_TEST_POSTGRES";

    private readonly string _adminConnectionString;

    private TempPostgresSchema(string adminConnectionString, string schema, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Schema = schema;
        ConnectionString = connectionString;
    }

    public string Schema { get; }

    /// <summary>Connection string whose search path is the test's own schema, so Fleet's tables land there.</summary>
    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. PostgreSQL tests need a real server: run ./test.sh " +
                $"(it runs scripts/ensure-postgres.sh and exports {EnvironmentVariable}).");

    public static async Task<TempPostgresSchema> CreateAsync()
    {
        var admin = ServerConnectionString;
        var schema = "fleet_t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var scoped = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ToString();
        return new TempPostgresSchema(admin, schema, scoped);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}

internal static class FreePorts
{
    /// <summary>Asks the OS for free loopback ports (all held open together so they differ).</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
