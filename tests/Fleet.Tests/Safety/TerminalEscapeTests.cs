using Fleet.Tests.Client;

namespace Fleet.Tests.Safety;

/// <summary>
/// A server (or whoever registered a model on it) cannot drive the operator's terminal: ids and names
/// holding escape sequences are printed with the control characters shown, not acted on.
/// </summary>
public class TerminalEscapeTests
{
    // ESC [2J clears the screen; ESC ]0; retitles the window; U+202E reverses the text after it.
    private const string Hostile = "\\u001b[2J\\u001b]0;pwned\\u0007evil\\u202Ename";

    [Fact]
    public async Task Model_names_and_ids_are_printed_without_terminal_escapes()
    {
        var overview = $$"""
            {"models":[{"id":"m\u001b[31m1","name":"{{Hostile}}","domain":"fraud","owner":"{{Hostile}}","team":"risk","level":2,"levelName":"{{Hostile}}","qualityMetric":"auc","quality":0.7,"breaches":["{{Hostile}}"],"gaps":[]}],
             "countsByLevel":{"2":1},"total":1}
            """;
        await using var server = await HostileServer.StartAsync(_ => (200, overview));

        var result = await CliRunner.RunAsync("models", "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        AssertInert(result.Output);
        Assert.Contains("\\u001B[2J", result.Output);
        Assert.Contains("m\\u001B[31m1", result.Output);
    }

    [Fact]
    public async Task A_model_view_an_alert_list_and_an_error_reason_are_printed_inert()
    {
        var detail = $$$"""{"id":"x","name":"{{{Hostile}}}","level":1,"windows":{},"gaps":["{{{Hostile}}}"],"lastTransition":{"from":1,"to":2,"at":"2025-03-01T11:58:00Z","reason":"{{{Hostile}}}"}}""";
        await using (var server = await HostileServer.StartAsync(_ => (200, detail)))
            AssertInert((await CliRunner.RunAsync("model", "x", "--server", server.Url)).Output);

        var alerts = $$"""[{"state":"firing","severity":"page","rule":"{{Hostile}}","model":"{{Hostile}}","since":"2025-03-01T11:58:00Z","message":"{{Hostile}}"}]""";
        await using (var server = await HostileServer.StartAsync(_ => (200, alerts)))
            AssertInert((await CliRunner.RunAsync("alerts", "--server", server.Url)).Output);

        var refusal = $$"""{"error":"id: {{Hostile}}","field":"id","reason":"{{Hostile}}"}""";
        await using (var server = await HostileServer.StartAsync(_ => (400, refusal)))
        {
            var result = await CliRunner.RunAsync("model", "x", "--server", server.Url);
            Assert.NotEqual(0, result.ExitCode);
            AssertInert(result.Error);
            Assert.Contains("evil", result.Error);
        }
    }

    private static void AssertInert(string printed)
    {
        Assert.DoesNotContain('\u001b', printed);
        Assert.DoesNotContain('\u0007', printed);
        Assert.DoesNotContain('\u202E', printed);
        Assert.Contains("evil", printed);
    }
}
