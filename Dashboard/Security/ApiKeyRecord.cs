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

    Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken ct = default);

    Task<ApiKeyRecord?> FindByIdAsync(string id, CancellationToken ct = default);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct = default);

    /// <summary>Marks an active key revoked; false when there is no such active key.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken ct = default);
}
