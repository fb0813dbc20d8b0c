namespace Fleet.Client;

/// <summary>Where the Fleet API lives: --server, else FLEET_SERVER, else the local default.</summary>
public static class ServerAddress
{
    public const string Default = "http://localhost:5080";
    public const string EnvironmentVariable = "FLEET_SERVER";

    public static Uri Resolve(string? option, string? environment)
    {
        var text = FirstNonBlank(option, environment) ?? Default;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"server address '{text}' is not an http(s) URL");

        // A trailing slash makes relative paths like "api/fleet" append instead of replacing a path segment.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string? FirstNonBlank(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim();
}
