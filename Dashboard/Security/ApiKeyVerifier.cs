using System.Collections.Concurrent;

namespace Fleet.Dashboard.Security;

/// <summary>
/// Answers "which active key is this?" for every request. Known keys are cached for
/// <see cref="CacheFor"/> so a stream of batches costs one database read per key every few seconds;
/// a revocation through this silo takes effect at once, through another silo within that time.
/// Unknown keys are never cached, so guessing cannot fill memory.
/// </summary>
public sealed class ApiKeyVerifier(IApiKeyStore store, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiKeyRecord Key, DateTimeOffset Until)> _byHash = new();
    private readonly ConcurrentDictionary<string, (ApiKeyRecord Key, DateTimeOffset Until)> _byId = new();

    /// <summary>The active key whose plaintext is <paramref name="presented"/>, or null.</summary>
    public async Task<ApiKeyRecord?> VerifyAsync(string presented, CancellationToken ct = default)
    {
        var hash = ApiKeySecret.Hash(presented);
        if (Cached(_byHash, hash) is { } hit) return hit.IsActive ? hit : null;
        var key = await store.FindByHashAsync(hash, ct);
        Remember(key);
        return key is { IsActive: true } ? key : null;
    }

    /// <summary>Whether the key behind a signed-in session is still active.</summary>
    public async Task<bool> IsActiveAsync(string id, CancellationToken ct = default)
    {
        if (Cached(_byId, id) is { } hit) return hit.IsActive;
        var key = await store.FindByIdAsync(id, ct);
        Remember(key);
        return key is { IsActive: true };
    }

    /// <summary>Drops every cached key (after a revocation here).</summary>
    public void Forget()
    {
        _byHash.Clear();
        _byId.Clear();
    }

    private ApiKeyRecord? Cached(ConcurrentDictionary<string, (ApiKeyRecord Key, DateTimeOffset Until)> cache, string lookup) =>
        cache.TryGetValue(lookup, out var entry) && entry.Until > clock.GetUtcNow() ? entry.Key : null;

    private void Remember(ApiKeyRecord? key)
    {
        if (key is null) return;
        var until = clock.GetUtcNow() + CacheFor;
        _byHash[key.KeyHash] = (key, until);
        _byId[key.Id] = (key, until);
    }
}
