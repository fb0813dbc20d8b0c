namespace Fleet.Dashboard.Security;

/// <summary>A new key: the stored record and the plaintext, which exists only in this answer.</summary>
public sealed record IssuedKey(ApiKeyRecord Record, string Key);

/// <summary>Creates keys (from the API, the CLI and the first start) and revokes them.</summary>
public sealed class ApiKeyIssuer(IApiKeyStore store, ApiKeyVerifier verifier, TimeProvider clock)
{
    /// <summary>Stores a new key with <paramref name="roles"/>; <paramref name="chosenKey"/> replaces the random one (first admin key from configuration).</summary>
    public async Task<IssuedKey> IssueAsync(string name, IEnumerable<FleetRole> roles, string createdBy, string? chosenKey = null, CancellationToken ct = default)
    {
        var key = chosenKey ?? ApiKeySecret.NewKey();
        var record = new ApiKeyRecord(ApiKeySecret.NewId(), name, roles.Distinct().Order().ToList(), ApiKeySecret.Hash(key),
            clock.GetUtcNow(), createdBy, RevokedAt: null);
        await store.AddAsync(record, ct);
        return new IssuedKey(record, key);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct = default)
    {
        var revoked = await store.RevokeAsync(id, clock.GetUtcNow(), ct);
        verifier.Forget();
        return revoked;
    }
}
