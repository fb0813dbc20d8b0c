using System.Data.Common;
using Fleet.Dashboard.Security;

namespace Fleet.Silo.Storage;

/// <summary>
/// API keys in Fleet's own table (fleet_api_keys, see Sql/*-keys.sql) on the silo's SQLite or
/// PostgreSQL database, scoped to the service id. The same SQL serves both (named @parameters,
/// Unix-millisecond times).
/// </summary>
public sealed class SqlApiKeyStore(FleetStorageOptions options, string serviceId) : IApiKeyStore
{
    private const string Columns = "id, name, roles, key_hash, created_at, created_by, revoked_at";

    private readonly FleetDatabase _database = new(options, serviceId);

    public async Task AddAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Insert(connection, key);
        await command.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Insert(DbConnection connection, ApiKeyRecord key) => Command(connection,
        $"INSERT INTO fleet_api_keys (service_id, {Columns}) VALUES (@service, @id, @name, @roles, @hash, @created, @by, NULL)",
        ("id", key.Id), ("name", key.Name), ("roles", FleetRoles.Format(key.Roles)), ("hash", key.KeyHash),
        ("created", key.CreatedAt.ToUnixTimeMilliseconds()), ("by", key.CreatedBy));

    public async Task<bool> AddFirstAdminAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // PostgreSQL: a lock per service, held to the end of the transaction, orders silos checking at once. SQLite's
        // write transaction (BEGIN IMMEDIATE) already does.
        if (options.Provider == StorageProvider.PostgreSql)
        {
            await using var lockCommand = Command(connection, "SELECT pg_advisory_xact_lock(hashtext('fleet first admin key ' || @service))");
            lockCommand.Transaction = transaction;
            await lockCommand.ExecuteScalarAsync(ct);
        }
        await using (var list = Command(connection, $"SELECT {Columns} FROM fleet_api_keys WHERE service_id = @service"))
        {
            list.Transaction = transaction;
            if ((await ReadAllAsync(list, ct)).Any(k => k.IsActive && k.Roles.Contains(FleetRole.Admin))) return false;
        }
        await using (var insert = Insert(connection, key))
        {
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return true;
    }

    public Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken ct = default) =>
        FindAsync("key_hash = @hash", ("hash", keyHash), ct);

    public Task<ApiKeyRecord?> FindByIdAsync(string id, CancellationToken ct = default) =>
        FindAsync("id = @id", ("id", id), ct);

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, $"SELECT {Columns} FROM fleet_api_keys WHERE service_id = @service ORDER BY created_at, id");
        return await ReadAllAsync(command, ct);
    }

    public async Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "UPDATE fleet_api_keys SET revoked_at = @at WHERE service_id = @service AND id = @id AND revoked_at IS NULL",
            ("at", at.ToUnixTimeMilliseconds()), ("id", id));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private async Task<ApiKeyRecord?> FindAsync(string condition, (string, object) parameter, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, $"SELECT {Columns} FROM fleet_api_keys WHERE service_id = @service AND {condition}", parameter);
        return (await ReadAllAsync(command, ct)).SingleOrDefault();
    }

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenAsync(ct);

    private DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        _database.Command(connection, sql, parameters);

    private static async Task<IReadOnlyList<ApiKeyRecord>> ReadAllAsync(DbCommand command, CancellationToken ct)
    {
        var keys = new List<ApiKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add(new ApiKeyRecord(
                reader.GetString(0), reader.GetString(1), FleetRoles.ParseList(reader.GetString(2)), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(5),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }
        return keys;
    }
}
