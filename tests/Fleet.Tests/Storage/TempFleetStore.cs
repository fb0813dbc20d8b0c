using Fleet.Silo.Storage;

namespace Fleet.Tests.Storage;

/// <summary>The two stores Fleet runs on, as a theory's data: a store test runs the same checks on each.</summary>
public static class StoreProviders
{
    public static TheoryData<StorageProvider> Both => new() { StorageProvider.Sqlite, StorageProvider.PostgreSql };
}

/// <summary>
/// A throw-away Fleet database with Fleet's schema installed: a temp SQLite file, or a PostgreSQL schema of its own on
/// the test server (<see cref="TempPostgresSchema"/>). Removed on dispose.
/// </summary>
internal sealed class TempFleetStore : IAsyncDisposable
{
    private readonly TempSqliteFile? _file;
    private readonly TempPostgresSchema? _schema;

    private TempFleetStore(TempSqliteFile? file, TempPostgresSchema? schema)
    {
        _file = file;
        _schema = schema;
        Options = file is not null
            ? new FleetStorageOptions { Provider = StorageProvider.Sqlite, SqlitePath = file.Path }
            : new FleetStorageOptions { Provider = StorageProvider.PostgreSql, PostgresConnectionString = schema!.ConnectionString };
    }

    public FleetStorageOptions Options { get; }

    public static async Task<TempFleetStore> CreateAsync(StorageProvider provider)
    {
        var store = provider == StorageProvider.Sqlite
            ? new TempFleetStore(new TempSqliteFile(), null)
            : new TempFleetStore(null, await TempPostgresSchema.CreateAsync());
        await SchemaInstaller.InstallAsync(store.Options);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        _file?.Dispose();
        if (_schema is not null) await _schema.DisposeAsync();
    }
}
