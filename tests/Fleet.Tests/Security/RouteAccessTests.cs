using System.Net;
using Fleet.Dashboard.Security;
using Fleet.Tests.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Security;

/// <summary>
/// Walks every endpoint the host maps (from its endpoint data source, so a route added later is walked
/// too) over real HTTP: each declares its access, refuses a request without a key with 401, refuses
/// every key whose roles do not grant it with 403, and lets every key that does through.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RouteAccessTests(HostFixture host)
{
    private sealed record Route(string Method, string Path, string Pattern, RouteAccess? Access);

    private IReadOnlyList<Route> Routes() =>
        host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new Route(m, Path(e.RoutePattern), e.RoutePattern.RawText ?? "", e.Metadata.GetMetadata<RouteAccess>())))
            .ToList();

    /// <summary>A concrete path for a pattern: "1" for numeric parameters, "probe" for the others.</summary>
    private static string Path(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content is "int" or "long") => "1",
            RoutePatternParameterPart => "probe",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    private static HttpRequestMessage Request(Route route) =>
        new(new HttpMethod(route.Method), route.Path) { Content = route.Method is "GET" or "HEAD" ? null : Api.Body("{}") };

    [Fact]
    public void Every_mapped_route_declares_its_access_in_the_one_table()
    {
        var routes = Routes();
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        var undeclared = routes.Where(r => r.Access is null).Select(r => $"{r.Method} {r.Pattern}").ToList();
        Assert.True(undeclared.Count == 0, "routes without a role in RouteAccessTable: " + string.Join(", ", undeclared));
        var publicRoutes = routes.Where(r => r.Access!.Anonymous).Select(r => $"{r.Method} {r.Path}").Order().ToList();
        Assert.Equal(["GET /healthz", "POST /api/exercises/join", "POST /api/session"], publicRoutes);
        Assert.Contains(routes, r => r.Pattern.StartsWith(RouteAccessTable.RuntimeDashboardPath) && r.Access!.Role == FleetRole.Admin);
        Assert.Contains(routes, r => r.Pattern.StartsWith("/hubs/fleet") && r.Access!.Role == FleetRole.View);
    }

    [Fact]
    public async Task Without_a_key_every_route_but_the_public_ones_answers_401_with_the_error_body()
    {
        using var anonymous = KeyApi.Client(host.Host.BaseAddress);
        using var wrongKey = KeyApi.Client(host.Host.BaseAddress, ApiKeySecret.NewKey());
        foreach (var route in Routes().Where(r => r.Access is { Anonymous: false }))
        {
            foreach (var client in new[] { anonymous, wrongKey })
            {
                using var answer = await client.SendAsync(Request(route));
                Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {route.Path}: {(int)answer.StatusCode}");
                Assert.Equal("key", await KeyApi.FieldAsync(answer));
            }
        }
    }

    [Fact]
    public async Task Each_role_is_refused_with_403_where_it_is_not_granted_and_let_through_where_it_is()
    {
        var clients = new Dictionary<FleetRole, HttpClient>();
        foreach (var role in FleetRoles.All)
            clients[role] = KeyApi.Client(host.Host.BaseAddress, (await KeyApi.CreateAsync(host.Http, $"walk-{role.Name()}", role.Name())).Key);
        try
        {
            var checkedRefusals = 0;
            foreach (var route in Routes().Where(r => r.Access is { Anonymous: false }))
            {
                foreach (var (held, client) in clients)
                {
                    using var answer = await client.SendAsync(Request(route));
                    var granted = route.Access!.Role is not { } needed || FleetRoles.Effective([held]).Contains(needed);
                    var field = await KeyApi.FieldAsync(answer);
                    var where = $"{route.Method} {route.Path} with a {held.Name()} key: {(int)answer.StatusCode} {field}";
                    if (granted)
                    {
                        Assert.False(answer.StatusCode == HttpStatusCode.Unauthorized || (answer.StatusCode == HttpStatusCode.Forbidden && field == "role"), where);
                    }
                    else
                    {
                        Assert.True(answer.StatusCode == HttpStatusCode.Forbidden && field == "role", where);
                        checkedRefusals++;
                    }
                }
            }
            // Every boundary is crossed somewhere: ingest, view, operate, facilitate and admin routes each refuse someone.
            Assert.True(checkedRefusals > 100, $"only {checkedRefusals} refusals checked");
        }
        finally
        {
            foreach (var client in clients.Values) client.Dispose();
        }
    }

    [Theory]
    [InlineData("ingest", "GET", "/api/fleet")]
    [InlineData("view", "POST", "/api/models/m/events")]
    [InlineData("view", "POST", "/api/models/m/actions")]
    [InlineData("operate", "POST", "/api/runs")]
    [InlineData("facilitate", "POST", "/api/silences")]
    [InlineData("facilitate", "PUT", "/api/models/m")]
    [InlineData("operate", "GET", "/api/keys")]
    [InlineData("view", "GET", "/orleans/ClusterStats")]
    public async Task A_key_without_the_role_gets_403_naming_the_role_it_needs(string held, string method, string path)
    {
        using var client = KeyApi.Client(host.Host.BaseAddress, (await KeyApi.CreateAsync(host.Http, $"boundary-{held}", held)).Key);
        using var answer = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : Api.Body("{}") });
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        var body = await Api.ReadJsonAsync(answer);
        Assert.Equal("role", body["field"]!.GetValue<string>());
        Assert.Contains("needs the '", body["reason"]!.GetValue<string>());
        Assert.StartsWith("role: ", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_path_that_matches_no_route_is_401_without_a_key_and_404_with_one()
    {
        using var anonymous = KeyApi.Client(host.Host.BaseAddress);
        using var viewer = KeyApi.Client(host.Host.BaseAddress, (await KeyApi.CreateAsync(host.Http, "typo", "view")).Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/no-such-route")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/no-such-route")).StatusCode);
    }

    [Fact]
    public async Task The_admin_key_opens_the_orleans_runtime_dashboard()
    {
        using var answer = await host.Http.GetAsync("/orleans/ClusterStats");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
