using Fleet.Dashboard.Security;

namespace Fleet.Dashboard.Api;

/// <summary>Key management (admin): list, create (the key is in the answer once, never again), revoke.</summary>
public static class KeysApi
{
    public const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/keys", async (IApiKeyStore store, CancellationToken ct) =>
            Results.Json((await store.ListAsync(ct)).Select(Listed).ToList(), FleetJson.Options));
        app.MapPost("/api/keys", CreateAsync);
        app.MapDelete("/api/keys/{id}", async (string id, ApiKeyIssuer issuer, CancellationToken ct) =>
            await issuer.RevokeAsync(id, ct) ? Results.NoContent() : ApiError.NotFound("id", "no active key has this id"));
        return app;
    }

    private static KeyResponse Listed(ApiKeyRecord r) => new(r.Id, r.Name, r.Roles.Select(FleetRoles.Name).ToList(), r.CreatedAt, r.CreatedBy, r.RevokedAt);

    private static async Task<IResult> CreateAsync(HttpContext context, ApiKeyIssuer issuer)
    {
        var (body, readError) = await FleetJson.ReadAsync<CreateKeyRequest>(context.Request);
        if (readError is not null) return Results.BadRequest(readError);
        var name = body!.Name?.Trim() ?? "";
        if (name.Length == 0) return ApiError.BadRequest("name", "is required");
        if (name.Length > MaxNameLength) return ApiError.BadRequest("name", $"is longer than {MaxNameLength} characters");
        if (name.Any(char.IsControl)) return ApiError.BadRequest("name", "must not contain control characters");
        if (body.Roles is not { Count: > 0 } names) return ApiError.BadRequest("roles", $"at least one of {string.Join(", ", FleetRoles.All.Select(FleetRoles.Name))} is required");
        var roles = new List<FleetRole>();
        for (var i = 0; i < names.Count; i++)
        {
            if (!FleetRoles.TryParse(names[i], out var role))
                return ApiError.BadRequest($"roles[{i}]", $"must be one of {string.Join(", ", FleetRoles.All.Select(FleetRoles.Name))}");
            roles.Add(role);
        }
        var issued = await issuer.IssueAsync(name, roles, context.User.Identity?.Name ?? "", ct: context.RequestAborted);
        var r = issued.Record;
        return Results.Json(new CreatedKeyResponse(r.Id, r.Name, r.Roles.Select(FleetRoles.Name).ToList(), r.CreatedAt, r.CreatedBy, issued.Key),
            FleetJson.Options, statusCode: StatusCodes.Status201Created);
    }
}
