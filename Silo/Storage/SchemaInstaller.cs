using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fleet.Silo.Storage;

/// <summary>
/// Applies Fleet's embedded SQL scripts for the selected provider and checks the database's
/// <see cref="StorageVersion"/>. Every script is idempotent, so this runs on each start: on PostgreSQL the Orleans ADO.NET providers read their queries
/// from OrleansQuery once when they start, so the schema must be in place before that.
/// </summary>
public static class SchemaInstaller
{
    /// <summary>A line holding only this (case-insensitive, surrounding blanks ignored) ends a statement.</summary>
    public const string StatementSeparator = "-- go";

    // Arbitrary constant shared by all Fleet silos: serialises concurrent installs on one PostgreSQL database.
    private const long PostgresInstallLockKey = 0x466C656574L; // "Fleet"

    /// <summary>Embedded script names applied for a provider, in order.</summary>
    public static IReadOnlyList<string> ScriptsFor(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => ["sqlite-persistence.sql", "sqlite-batchlog.sql", "sqlite-recordings.sql", "sqlite-keys.sql", "sqlite-runs.sql", "sqlite-exercises.sql", "sqlite-reviews.sql"],
        // Clustering goes second: it stores its queries in the OrleansQuery table the first script creates.
        StorageProvider.PostgreSql => ["postgresql-persistence.sql", "postgresql-clustering.sql", "postgresql-batchlog.sql", "postgresql-recordings.sql", "postgresql-keys.sql", "postgresql-runs.sql", "postgresql-exercises.sql", "postgresql-reviews.sql"],
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };

    /// <summary>Creates or updates the schema for <paramref name="options"/>; safe to call on every start.</summary>
    public static async Task InstallAsync(FleetStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var statements = ScriptsFor(options.Provider).SelectMany(name => SplitStatements(ReadScript(name))).ToList();
        var connectionString = options.GetAdoNetConnection().ConnectionString;

        if (options.Provider == StorageProvider.Sqlite)
        {
            // SQLite creates the file on open (ReadWriteCreate) but not its directory.
            Directory.CreateDirectory(Path.GetDirectoryName(options.SqliteFullPath)!);
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            // WAL lets readers proceed during writes; it is persistent in the file and cannot be set inside a transaction.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
            await ApplyInTransactionAsync(connection, statements, lockStatement: null, options.Provider, options.SqliteFullPath, cancellationToken);
        }
        else
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            // PostgreSQL DDL is transactional; the advisory lock keeps silos starting together from racing on CREATE.
            await ApplyInTransactionAsync(connection, statements, $"SELECT pg_advisory_xact_lock({PostgresInstallLockKey})", options.Provider,
                $"PostgreSQL database '{connection.Database}' on {connection.Host}", cancellationToken);
        }
    }

    /// <summary>Synchronous <see cref="InstallAsync"/> for callers that configure hosts synchronously.</summary>
    public static void Install(FleetStorageOptions options) => InstallAsync(options).GetAwaiter().GetResult();

    /// <summary>Splits a script on separator lines; text between separators (semicolons included) stays one statement.</summary>
    public static IReadOnlyList<string> SplitStatements(string script)
    {
        var statements = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var line in script.ReplaceLineEndings("\n").Split('\n'))
        {
            if (string.Equals(line.Trim(), StatementSeparator, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }
        Flush();
        return statements;

        void Flush()
        {
            // A chunk of only comments and blanks is not a statement (e.g. the file's header).
            var text = current.ToString().Trim();
            if (text.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            {
                statements.Add(text);
            }
            current.Clear();
        }
    }

    /// <summary>Reads an embedded script from Storage/Sql by file name.</summary>
    public static string ReadScript(string fileName)
    {
        var assembly = typeof(SchemaInstaller).Assembly;
        var resource = $"Fleet.Silo.Storage.Sql.{fileName}";
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL script '{resource}' not found in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ApplyInTransactionAsync(DbConnection connection, IEnumerable<string> statements, string? lockStatement,
        StorageProvider provider, string location, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (lockStatement is not null)
        {
            await ExecuteAsync(connection, transaction, lockStatement, cancellationToken);
        }
        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, transaction, statement, cancellationToken);
        }
        await StorageVersion.CheckAsync(connection, transaction, provider, location, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
