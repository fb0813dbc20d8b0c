namespace Fleet.Contracts;

// API keys as GET /api/keys lists them and POST /api/keys answers (the key itself only in that answer, once).

/// <summary>A key as listed: never the key itself; roles by name; when and by whom it was created, when revoked.</summary>
public sealed record KeyResponse(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>A key just created, with the key itself: the only time it is shown.</summary>
public sealed record CreatedKeyResponse(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string CreatedBy, string Key);
