using System.Net;

namespace Fleet.Client.Api;

/// <summary>The server answered, but with an error status; carries its message and field.</summary>
public sealed class FleetApiException(HttpStatusCode status, string message, string? field)
    : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The request field the server blamed, e.g. "predictions[3].latencyMs".</summary>
    public string? Field { get; } = field;

    public bool IsClientError => (int)Status is >= 400 and < 500;

    /// <summary>One line for the terminal: the server's message, its field, and the status.</summary>
    public string Describe() =>
        Field is null
            ? $"{Message} (HTTP {(int)Status})"
            : $"{Message} (field: {Field}, HTTP {(int)Status})";
}

/// <summary>The server could not be reached at all (refused, DNS, timeout, TLS).</summary>
public sealed class FleetConnectionException(Uri server, string reason, Exception inner)
    : Exception($"cannot reach Fleet server at {server}: {reason}", inner)
{
    public Uri Server { get; } = server;
}
