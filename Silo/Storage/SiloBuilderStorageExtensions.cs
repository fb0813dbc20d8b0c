using Fleet.Durability;
using Fleet.Silo.Storage.BatchLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Storage;

/// <summary>Wires Fleet's durable storage into an Orleans silo.</summary>
public static class SiloBuilderStorageExtensions
{
    /// <summary>Name of Fleet's grain storage provider (also registered as the default one).</summary>
    public const string StorageName = "fleet";

    /// <summary>
    /// Installs the schema before any provider starts, then adds ADO.NET grain storage named "fleet" and as
    /// the default, and the batch log (<see cref="SqlBatchLog"/>); on PostgreSQL also ADO.NET clustering (on SQLite the caller picks clustering, e.g. localhost).
    /// </summary>
    public static ISiloBuilder UseFleetStorage(this ISiloBuilder builder, FleetStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var connection = options.GetAdoNetConnection(); // fails fast on a missing connection string

        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SchemaInstallStep(options));

        // On SQLite the grain storage's connections wait for the write lock as Fleet's own do (LockWaitingSqliteConnection):
        // one data source, shared by the two grain storage providers below and disposed with the silo's services.
        if (options.Provider == StorageProvider.Sqlite)
            builder.Services.AddSingleton(_ => new LockWaitingSqliteDataSource(connection.ConnectionString));
        // Orleans' own binary serializer, not the default JSON one: Fleet's window state is compact
        // [GenerateSerializer] types with private fields (ring buffers, sketches) that JSON would not see.
        void Configure(OptionsBuilder<AdoNetGrainStorageOptions> o) => o.Configure<IServiceProvider>((opts, services) =>
        {
            opts.Invariant = connection.Invariant;
            if (options.Provider == StorageProvider.Sqlite) opts.DataSource = services.GetRequiredService<LockWaitingSqliteDataSource>();
            else opts.ConnectionString = connection.ConnectionString;
            opts.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>());
        });
        builder.AddAdoNetGrainStorage(StorageName, Configure);
        builder.AddAdoNetGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, Configure);

        // The batch log lives beside grain state, in the same database: an acknowledged batch is as durable as a checkpoint.
        builder.Services.AddSingleton(services => new SqlBatchLog(options, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<ILogger<SqlBatchLog>>()));
        builder.Services.AddSingleton<IBatchLog>(services => services.GetRequiredService<SqlBatchLog>());

        if (options.Provider == StorageProvider.PostgreSql)
        {
            builder.UseAdoNetClustering(o =>
            {
                o.Invariant = connection.Invariant;
                o.ConnectionString = connection.ConnectionString;
            });
        }
        return builder;
    }

    /// <summary>Runs the schema installer at the very first silo lifecycle stage, before clustering and storage start.</summary>
    private sealed class SchemaInstallStep(FleetStorageOptions options) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(SchemaInstallStep), ServiceLifecycleStage.First, ct => SchemaInstaller.InstallAsync(options, ct));
    }
}
