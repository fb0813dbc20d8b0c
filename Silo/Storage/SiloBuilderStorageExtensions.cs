using System.Diagnostics.Metrics;
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
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;

namespace Fleet.Silo.Storage;

/// <summary>Wires Fleet's durable storage into an Orleans silo.</summary>
public static class SiloBuilderStorageExtensions
{
    /// <summary>Name of Fleet's grain storage provider (also registered as the default one).</summary>
    public const string StorageName = "fleet";

    /// <summary>
    /// Installs the schema before any provider starts, then adds grain storage named "fleet" and as the default (on SQLite
    /// <see cref="SqliteGrainStorage"/>, on PostgreSQL Orleans' ADO.NET provider), the batch log (<see cref="SqlBatchLog"/>) and
    /// the database's writer they share (<see cref="GroupCommitWriter"/>); on PostgreSQL also ADO.NET clustering (on SQLite the
    /// caller picks clustering, e.g. localhost).
    /// </summary>
    public static ISiloBuilder UseFleetStorage(this ISiloBuilder builder, FleetStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var connection = options.GetAdoNetConnection(); // fails fast on a missing connection string

        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SchemaInstallStep(options));

        // One writer per silo for the database: the batch log's appends and, on SQLite, every grain state write share its
        // group commits. The batch log lives beside grain state, in the same database: an acknowledged batch is as
        // durable as a checkpoint.
        builder.Services.AddSingleton(services => GroupCommitWriter.Open(options, ServiceId(services),
            services.GetRequiredService<ILogger<GroupCommitWriter>>(), new WriterMetrics(services.GetRequiredService<IMeterFactory>())));
        builder.Services.AddSingleton(services => new SqlBatchLog(options, ServiceId(services), services.GetRequiredService<GroupCommitWriter>()));
        builder.Services.AddSingleton<IBatchLog>(services => services.GetRequiredService<SqlBatchLog>());

        // Orleans' own binary serializer, not the default JSON one: Fleet's window state is compact
        // [GenerateSerializer] types with private fields (ring buffers, sketches) that JSON would not see.
        static IGrainStorageSerializer Serializer(IServiceProvider services) =>
            new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>());
        if (options.Provider == StorageProvider.Sqlite)
        {
            foreach (var name in new[] { StorageName, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME })
            {
                builder.Services.AddGrainStorage(name, (services, provider) => new SqliteGrainStorage(provider,
                    new FleetDatabase(options, ServiceId(services)), services.GetRequiredService<GroupCommitWriter>(), Serializer(services),
                    services.GetRequiredService<IActivatorProvider>()));
            }
        }
        else
        {
            void Configure(OptionsBuilder<AdoNetGrainStorageOptions> o) => o.Configure<IServiceProvider>((opts, services) =>
            {
                opts.Invariant = connection.Invariant;
                opts.ConnectionString = connection.ConnectionString;
                opts.GrainStorageSerializer = Serializer(services);
            });
            builder.AddAdoNetGrainStorage(StorageName, Configure);
            builder.AddAdoNetGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, Configure);
        }

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

    private static string ServiceId(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;

    /// <summary>Runs the schema installer at the very first silo lifecycle stage, before clustering and storage start.</summary>
    private sealed class SchemaInstallStep(FleetStorageOptions options) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(SchemaInstallStep), ServiceLifecycleStage.First, ct => SchemaInstaller.InstallAsync(options, ct));
    }
}
