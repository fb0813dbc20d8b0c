using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Client;
using Fleet.Dashboard.Security;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Microsoft.Data.Sqlite;

namespace Fleet.Tests.Security;

/// <summary>Keys over real HTTP and the real SQLite file: created once, stored hashed, revoked for good; the CLI's keys.</summary>
[Collection(HostCollection.Name)]
public sealed class KeyTests(HostFixture host)
{
    [Fact]
    public async Task A_revoked_key_is_refused_in_a_header_and_in_a_session_it_signed_in()
    {
        var (id, key) = await KeyApi.CreateAsync(host.Http, "soon-revoked", "view");
        using var client = KeyApi.Client(host.Host.BaseAddress, key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/fleet")).StatusCode);
        using var page = new CookieSession(host.Host.BaseAddress);
        await page.SignInAsync(key);
        Assert.Equal(HttpStatusCode.OK, (await page.Http.GetAsync("/api/fleet")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync($"/api/keys/{id}")).StatusCode);

        using var refused = await client.GetAsync("/api/fleet");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("key", await KeyApi.FieldAsync(refused));
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.Http.GetAsync("/api/fleet")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.DeleteAsync($"/api/keys/{id}")).StatusCode);
        var listed = (await Api.ReadJsonAsync(await host.Http.GetAsync("/api/keys"))).AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.NotNull(listed["revokedAt"]);
    }

    [Fact]
    public async Task A_key_is_stored_only_as_its_sha256_and_never_listed()
    {
        var (id, key) = await KeyApi.CreateAsync(host.Http, "hashed", "ingest");

        var files = new[] { host.Host.DatabasePath, host.Host.DatabasePath + "-wal" }.Where(File.Exists).ToList();
        var bytes = files.SelectMany(ReadShared).ToArray();
        var text = Encoding.ASCII.GetString(bytes);
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain(key["fleet_".Length..][..16], text);
        Assert.Contains(ApiKeySecret.Hash(key), text); // the right file was read: the hash is there

        await using var db = new SqliteConnection($"Data Source={host.Host.DatabasePath};Mode=ReadOnly");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = "SELECT key_hash FROM fleet_api_keys WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(ApiKeySecret.Hash(key), (string?)await command.ExecuteScalarAsync());

        var list = await host.Http.GetStringAsync("/api/keys");
        Assert.Contains(id, list);
        Assert.DoesNotContain(key, list);
        Assert.DoesNotContain(ApiKeySecret.Hash(key), list);
    }

    [Theory]
    [InlineData("""{"roles":["view"]}""", "name")]
    [InlineData("""{"name":"x","roles":[]}""", "roles")]
    [InlineData("""{"name":"x","roles":["view","root"]}""", "roles[1]")]
    [InlineData("""{"name":"x\u0007","roles":["view"]}""", "name")]
    public async Task A_key_request_with_a_bad_field_is_refused_naming_it(string body, string field)
    {
        using var answer = await host.Http.PostAsync("/api/keys", Api.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(field, await KeyApi.FieldAsync(answer));
    }

    [Fact]
    public async Task The_cli_creates_lists_and_revokes_keys_and_takes_its_key_from_the_option_or_FLEET_KEY()
    {
        var server = host.Host.BaseAddress.ToString();
        var created = await RunAsync(CliEnvironment.None, "keys", "create", "--name", "cli-made", "--role", "view", "--role", "operate", "--server", server, "--key", TestKeys.Admin);
        Assert.Equal(0, created.ExitCode);
        var key = created.Output.Split(["key (shown only this once): "], StringSplitOptions.None)[1].Trim();
        var id = created.Output.Split(' ')[1];

        // The new key (from FLEET_KEY) is no admin: it cannot list keys, but it can read the fleet.
        var denied = await RunAsync(new CliEnvironment(server, key), "keys", "list");
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("role", denied.Error);
        Assert.Equal(0, (await RunAsync(new CliEnvironment(server, key), "models", "--json")).ExitCode);

        var listed = await RunAsync(new CliEnvironment(server, TestKeys.Admin), "keys", "list", "--json");
        var entry = JsonNode.Parse(listed.Output)!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(["view", "operate"], entry["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());

        Assert.Equal(0, (await RunAsync(new CliEnvironment(server, TestKeys.Admin), "keys", "revoke", id)).ExitCode);
        var refused = await RunAsync(new CliEnvironment(server, key), "models");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FLEET_KEY", refused.Error);

        var noKey = await RunAsync(CliEnvironment.None, "models", "--server", server);
        Assert.Equal(1, noKey.ExitCode);
        Assert.Contains("HTTP 401", noKey.Error);
    }

    private static async Task<CliResult> RunAsync(CliEnvironment environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FleetCli.RunAsync(args, output, error, environment);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
