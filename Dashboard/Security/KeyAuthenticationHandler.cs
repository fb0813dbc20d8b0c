using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Dashboard.Security;

/// <summary>Authenticates a request by the key in its header (<see cref="KeyHeader"/>).</summary>
public sealed class KeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = KeyHeader.Read(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        var key = presented.Length == 0 ? null : await verifier.VerifyAsync(presented, Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("the key is not valid or was revoked")
            : AuthenticateResult.Success(new AuthenticationTicket(FleetClaims.Principal(key, Scheme.Name), Scheme.Name));
    }
}
