using Fleet.Dashboard.Security;
using Fleet.Silo.Storage;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Security;

/// <summary>The keys table on real SQLite and real PostgreSQL: the same store, the same answers.</summary>
public sealed class KeyStoreTests
{
    [Theory]
    [MemberData(nameof(StoreProviders.Both), MemberType = typeof(StoreProviders))]
    public async Task Keeps_adds_finds_lists_and_revokes_keys_per_service(StorageProvider provider)
    {
        await using var db = await TempFleetStore.CreateAsync(provider);
        await CheckStoreAsync(db.Options);
    }

    private static async Task CheckStoreAsync(FleetStorageOptions options)
    {
        await SchemaInstaller.InstallAsync(options); // again: every start runs it, so it must be idempotent
        var store = new SqlApiKeyStore(options, "svc-a");
        var other = new SqlApiKeyStore(options, "svc-b");
        var created = new DateTimeOffset(2026, 12, 1, 9, 30, 0, 123, TimeSpan.Zero);
        var key = ApiKeySecret.NewKey();
        var record = new ApiKeyRecord("key-1", "ci ingest", [FleetRole.Ingest, FleetRole.View], ApiKeySecret.Hash(key), created, "ana", null);

        await store.AddAsync(record);
        await store.AddAsync(record with { Id = "key-2", Name = "admin", Roles = [FleetRole.Admin], KeyHash = ApiKeySecret.Hash(ApiKeySecret.NewKey()) });

        var found = await store.FindByHashAsync(ApiKeySecret.Hash(key));
        Assert.NotNull(found);
        Assert.Equal(Json.Of(record), Json.Of(found));
        Assert.Equal(Json.Of(record), Json.Of(await store.FindByIdAsync("key-1")));
        Assert.Null(await store.FindByHashAsync(ApiKeySecret.Hash(ApiKeySecret.NewKey())));
        Assert.Null(await other.FindByIdAsync("key-1")); // another service sees none of them
        Assert.Empty(await other.ListAsync());
        Assert.Equal(["key-1", "key-2"], (await store.ListAsync()).Select(k => k.Id).ToArray());

        var revokedAt = created.AddHours(1);
        Assert.False(await other.RevokeAsync("key-1", revokedAt));
        Assert.True(await store.RevokeAsync("key-1", revokedAt));
        Assert.False(await store.RevokeAsync("key-1", revokedAt.AddHours(1))); // once revoked, stays revoked at its first time
        var revoked = await store.FindByIdAsync("key-1");
        Assert.Equal(revokedAt, revoked!.RevokedAt);
        Assert.False(revoked.IsActive);
        Assert.True((await store.FindByIdAsync("key-2"))!.IsActive);
    }
}
