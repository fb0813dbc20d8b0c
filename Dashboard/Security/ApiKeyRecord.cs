namespace Fleet.Dashboard.Security;

/// <summary>One API key as stored: never the key itself, only its SHA-256 (see <see cref="ApiKeySecret"/>).</summary>
public sealed record ApiKeyRecord(
    string Id,
    string Name,
    IReadOnlyList<FleetRole> Roles,
    string KeyHash,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>Where keys live (Fleet's own table in the silo's database).</summary>
public interface IApiKeyStore
{
    Task AddAsync(ApiKeyRecord key, CancellationToken ct = default);

    /// <summary>
    /// Adds <paramref name="key"/> only if the service has no active admin key, checked and written as one step, so silos
    /// starting together on an empty database create one first key; false when an active admin key exists.
    /// </summary>
    Task<bool> AddFirstAdminAsync(ApiKeyRecord key, CancellationToken ct = default);

    Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken ct = default);

    Task<ApiKeyRecord?> FindByIdAsync(string id, CancellationToken ct = default);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct = default);

    /// <summary>Marks an active key revoked; false when there is no such active key.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken ct = default);
}
