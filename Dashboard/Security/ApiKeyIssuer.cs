namespace Fleet.Dashboard.Security;

/// <summary>A new key: the stored record and the plaintext, which exists only in this answer.</summary>
public sealed record IssuedKey(ApiKeyRecord Record, string Key);

/// <summary>Creates keys (from the API, the CLI and the first start) and revokes them.</summary>
public sealed class ApiKeyIssuer(IApiKeyStore store, ApiKeyVerifier verifier, TimeProvider clock)
{
    /// <summary>Stores a new key with <paramref name="roles"/>; <paramref name="chosenKey"/> replaces the random one (first admin key from configuration).</summary>
    public async Task<IssuedKey> IssueAsync(string name, IEnumerable<FleetRole> roles, string createdBy, string? chosenKey = null, CancellationToken ct = default)
    {
        var issued = New(name, roles, createdBy, chosenKey);
        await store.AddAsync(issued.Record, ct);
        return issued;
    }

    /// <summary>An admin key stored only if the service has no active admin key (see <see cref="IApiKeyStore.AddFirstAdminAsync"/>); null when it has one.</summary>
    public async Task<IssuedKey?> IssueFirstAdminAsync(string name, string createdBy, string? chosenKey, CancellationToken ct = default)
    {
        var issued = New(name, [FleetRole.Admin], createdBy, chosenKey);
        return await store.AddFirstAdminAsync(issued.Record, ct) ? issued : null;
    }

    private IssuedKey New(string name, IEnumerable<FleetRole> roles, string createdBy, string? chosenKey)
    {
        var key = chosenKey ?? ApiKeySecret.NewKey();
        return new IssuedKey(new ApiKeyRecord(ApiKeySecret.NewId(), name, roles.Distinct().Order().ToList(), ApiKeySecret.Hash(key),
            clock.GetUtcNow(), createdBy, RevokedAt: null), key);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct = default)
    {
        var revoked = await store.RevokeAsync(id, clock.GetUtcNow(), ct);
        verifier.Forget();
        return revoked;
    }
}
