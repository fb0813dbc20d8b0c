using Fleet.Dashboard.Security;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Fleet.Silo.Security;

/// <summary>Settings of section "Fleet:Auth".</summary>
public sealed class FleetAuthOptions
{
    /// <summary>
    /// The first admin key, for deployments that hand it in from a secret store (and for test hosts).
    /// Used only when the service has no active admin key; stored hashed like any other. When unset,
    /// a random key is created and printed once instead.
    /// </summary>
    public string? AdminKey { get; set; }
}

/// <summary>Where start-up messages meant for the operator's eyes only (the first admin key) are written.</summary>
public sealed record OperatorConsole(TextWriter Writer);

/// <summary>
/// Makes sure the service can be administered: when no active admin key exists (first start, or every
/// admin key revoked), it creates one and shows it once on the console, never in the logs. Runs as a
/// silo start-up step after the schema is installed, so the key works as soon as the page answers. Of silos
/// starting together on an empty database, one creates the key (the store checks and adds in one step).
/// </summary>
public sealed class FirstAdminKey(IApiKeyStore store, ApiKeyIssuer issuer, IOptions<FleetAuthOptions> options, OperatorConsole console)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public const string KeyName = "first admin";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(FirstAdminKey), ServiceLifecycleStage.RuntimeInitialize, EnsureAsync);

    public async Task EnsureAsync(CancellationToken ct)
    {
        var keys = await store.ListAsync(ct);
        if (keys.Any(k => k.IsActive && k.Roles.Contains(FleetRole.Admin))) return;

        var chosen = options.Value.AdminKey;
        if (chosen is not null && ApiKeySecret.Weakness(chosen) is { } weakness)
            throw new InvalidOperationException($"Fleet:Auth:AdminKey {weakness}.");
        var issued = await issuer.IssueFirstAdminAsync(KeyName, createdBy: "fleet", chosen, ct);
        if (issued is null || chosen is not null) return; // another silo created it, or the operator already knows it

        console.Writer.WriteLine($"""

            Fleet created an admin key. It is shown only this once; keep it somewhere safe:

                {issued.Key}

            Sign in on the page with it, or: export FLEET_KEY={issued.Key}
            Create keys with fewer rights: fleet keys create --name NAME --role view

            """);
        await console.Writer.FlushAsync(ct);
    }
}
