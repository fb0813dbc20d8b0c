using System.Net.Http.Headers;
using Fleet.Dashboard.Security;

namespace Fleet.Tests.Security;

/// <summary>
/// The admin key test hosts start with. It reaches the host the way an operator's would
/// (Fleet:Auth:AdminKey, stored hashed on first start), so tests use the real key path, no bypass.
/// </summary>
internal static class TestKeys
{
    public static readonly string Admin = ApiKeySecret.NewKey();

    public static string AdminKeyArgument => $"--Fleet:Auth:AdminKey={Admin}";

    public static HttpClient Authorized(this HttpClient http, string key)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
