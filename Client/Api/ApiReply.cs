namespace Fleet.Client.Api;

/// <summary>A parsed response together with its raw JSON, for commands that offer --json.</summary>
public sealed record ApiReply<T>(T Value, string RawJson);
