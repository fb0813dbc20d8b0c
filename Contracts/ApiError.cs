namespace Fleet.Contracts;

/// <summary>The body of every 4xx answer: the message, the field it concerns and the bare reason.</summary>
public sealed record ApiError(string Error, string Field, string Reason)
{
    public static ApiError For(string field, string reason) => new($"{field}: {reason}", field, reason);
}
