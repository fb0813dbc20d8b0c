using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Security;
using Fleet.Tests.Core;
using Fleet.Tests.Metrics;
using Fleet.Tests.Security;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Safety;

/// <summary>
/// Every refusal and every action is logged once, naming the key (not its secret); reads log nothing. Checked on
/// the real host with its shipped logging captured.
/// </summary>
public sealed class AuditLogTests
{
    private const string Audit = "Fleet.Dashboard.Security.RequestAudit";

    [Fact]
    public async Task Refusals_and_actions_are_logged_once_with_the_keys_name_and_no_secret()
    {
        await using var host = await MetricsHost.StartAsync();
        var (_, operate) = await KeyApi.CreateAsync(host.Http, "ops-anna", "operate", "view");
        using var anna = KeyApi.Client(host.Address, operate);
        using var nobody = KeyApi.Client(host.Address);
        var silence = new JsonObject { ["domain"] = "fraud", ["duration"] = "1h", ["by"] = "anna", ["reason"] = "maintenance" };

        Assert.Equal(HttpStatusCode.Created, (await anna.PostAsync("/api/silences", Api.Body(silence))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.DeleteAsync("/api/models/some-model")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.PostAsync("/api/models/nobody-here/actions",
            Api.Body(new JsonObject { ["action"] = "retrain", ["by"] = "anna", ["reason"] = "drift" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/api/fleet")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/api/models/forged%0AINFO%20admin%20did%1b[2J")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync("/api/fleet")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync("/api/silences")).StatusCode);

        var lines = host.Logs.Entries.Where(e => e.Category == Audit).ToList();
        void Once(LogLevel level, params string[] parts) =>
            Assert.True(lines.Count(e => e.Level == level && parts.All(p => e.Message.Contains(p, StringComparison.Ordinal))) == 1,
                $"expected one {level} line with {string.Join(", ", parts)}:\n" + string.Join("\n", lines.Select(e => $"{e.Level}: {e.Message}")));

        Once(LogLevel.Information, "POST /api/keys", FirstAdminKey.KeyName);
        Once(LogLevel.Information, "POST /api/silences", "ops-anna");
        Once(LogLevel.Warning, "DELETE /api/models/some-model", "403", "ops-anna");
        Once(LogLevel.Warning, "POST /api/models/nobody-here/actions", "404", "ops-anna");
        Once(LogLevel.Warning, "GET /api/fleet", "401", "no key");
        Assert.DoesNotContain(lines, e => e.Message.Contains("GET /api/fleet", StringComparison.Ordinal) && e.Level != LogLevel.Warning);
        Assert.DoesNotContain(lines, e => e.Message.Contains("GET /api/silences", StringComparison.Ordinal));
        Once(LogLevel.Warning, "GET /api/models/forged\\u000AINFO admin did\\u001B[2J", "401");
        Assert.Equal(6, lines.Count);
        Assert.DoesNotContain(lines, e => e.Message.Any(char.IsControl));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(operate, StringComparison.Ordinal) || e.Message.Contains(TestKeys.Admin, StringComparison.Ordinal));
    }
}
