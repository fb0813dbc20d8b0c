using Fleet.Silo.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Memory;
using Npgsql;

namespace Fleet.Silo;

/// <summary>
/// Quiet logs by default: Fleet's own lines at Information (start-up, the demo), ASP.NET Core's and Orleans' only
/// from Warning on, so a request writes nothing. The defaults are the lowest configuration source: appsettings, the
/// environment and the command line override any of them (`--Logging:LogLevel:Microsoft.AspNetCore=Information`),
/// and `--Logging:Console:FormatterName=json` writes one JSON object a line.
/// </summary>
public static class FleetLogging
{
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:System.Net.Http"] = "Warning",
        // Orleans places every new activation through a Polly pipeline that logs each attempt at Information.
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    /// <summary>Puts <see cref="Defaults"/> under every other configuration source.</summary>
    public static void UseQuietDefaults(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });

    /// <summary>Once the host listens: one line saying where the page is and which database the silo uses.</summary>
    public static void AnnounceStart(WebApplication app, FleetStorageOptions storage)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fleet");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            logger.LogInformation("Fleet is up: the page is at {Page}; the database is {Database}",
                string.Join(", ", addresses.Select(a => a.TrimEnd('/') + "/")), Describe(storage));
        });
    }

    /// <summary>Where the data lives, without the connection string's secrets.</summary>
    public static string Describe(FleetStorageOptions storage)
    {
        if (storage.Provider == StorageProvider.Sqlite) return $"SQLite {storage.SqliteFullPath}";
        var connection = new NpgsqlConnectionStringBuilder(storage.PostgresConnectionString);
        return $"PostgreSQL {connection.Database} on {connection.Host}:{connection.Port}";
    }
}
