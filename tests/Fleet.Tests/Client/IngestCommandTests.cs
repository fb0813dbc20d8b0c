using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Client;

/// <summary>`fleet ingest` against the real API: what the file holds is what the models count, once.</summary>
[Collection(HostCollection.Name)]
public sealed class IngestCommandTests(HostFixture host) : IDisposable
{
    private readonly TempFolder _files = new();
    private readonly string _domain = CliFleet.NewDomain();
    // Minutes of the current hour the server accepts as live traffic.
    private readonly DateTimeOffset _at = DateTimeOffset.UtcNow.AddMinutes(-5);

    public void Dispose() => _files.Dispose();

    private string Recs => $"{_domain}-recs";
    private string Spam => $"{_domain}-spam";

    private string Prediction(string model, string id, int latencyMs = 20) =>
        $$"""{"model":"{{model}}","type":"prediction","timestamp":"{{Api.Iso(_at)}}","predictionId":"{{id}}","segment":"new-users","features":{"age":31},"score":0.8,"latencyMs":{{latencyMs}},"servedLevel":1,"fallback":false,"error":false,"timeout":false}""";

    private string Outcome(string model, string id) =>
        $$"""{"model":"{{model}}","type":"outcome","timestamp":"{{Api.Iso(_at.AddMinutes(2))}}","predictionId":"{{id}}","label":1}""";

    // Five recs events and two spam events, interleaved, with a blank line: batch size 2 gives
    // recs batches of 2, 2, 1 and one spam batch of 2.
    private string Events() => string.Join("\n",
        Prediction(Recs, "r1"),
        Prediction(Spam, "s1"),
        Outcome(Recs, "r1"),
        "",
        Prediction(Recs, "r2"),
        Outcome(Spam, "s1"),
        Prediction(Recs, "r3"),
        Outcome(Recs, "r2")) + "\n";

    private async Task RegisterBothAsync()
    {
        await CliFleet.RegisterAsync(host, Recs, _domain);
        await CliFleet.RegisterAsync(host, Spam, _domain);
    }

    private async Task<(long Volume, long Outcomes)> HourAsync(string model)
    {
        var hour = (await CliFleet.GetAsync(host, $"/api/models/{model}"))["windows"]!["1h"]!;
        return (hour["volume"]!.GetValue<long>(), hour["outcomes"]!.GetValue<long>());
    }

    [Fact]
    public async Task Every_event_reaches_its_model_once_in_batches_of_at_most_batch_size()
    {
        await RegisterBothAsync();
        var file = _files.Write("events.jsonl", Events());

        var result = await CliRunner.AgainstAsync(host, "ingest", file, "--batch-size", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("Sent 4 batches (0 duplicates): 7 events (4 predictions, 3 outcomes) in ", result.Output);
        Assert.Contains("events/s", result.Output);
        Assert.Equal((3L, 2L), await HourAsync(Recs));
        Assert.Equal((1L, 1L), await HourAsync(Spam));
    }

    [Fact]
    public async Task Running_the_same_ingest_again_is_told_duplicates_and_counts_nothing_twice()
    {
        await RegisterBothAsync();
        var file = _files.Write("events.jsonl", Events());

        await CliRunner.AgainstAsync(host, "ingest", file, "--batch-size", "2");
        var rerun = await CliRunner.AgainstAsync(host, "ingest", file, "--batch-size", "2");

        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("Sent 4 batches (4 duplicates)", rerun.Output);
        Assert.Equal((3L, 2L), await HourAsync(Recs));
    }

    [Fact]
    public async Task A_malformed_line_stops_before_anything_is_sent_naming_the_line()
    {
        await RegisterBothAsync();
        var file = _files.Write("bad.jsonl", Prediction(Recs, "r1") + "\n\n" + $$"""{"model":"{{Recs}}","type":"click"}""" + "\n" + Prediction(Recs, "r2"));

        var result = await CliRunner.AgainstAsync(host, "ingest", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.jsonl: line 3: \"type\" must be \"prediction\" or \"outcome\"", result.Error);
        Assert.Equal((0L, 0L), await HourAsync(Recs));
    }

    [Fact]
    public async Task A_batch_the_server_refuses_stops_the_ingest_with_its_message_field_and_line_range()
    {
        await RegisterBothAsync();
        var file = _files.Write("events.jsonl", string.Join("\n",
            Prediction(Recs, "r1"), Prediction(Recs, "r2"),      // batch 1: lines 1-2
            Prediction(Recs, "r3"), Prediction(Recs, "r4", -5),  // batch 2: lines 3-4, refused
            Prediction(Recs, "r5")));                            // batch 3: never sent

        var result = await CliRunner.AgainstAsync(host, "ingest", file, "--batch-size", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(
            $@"^error: batch [0-9a-f]{{12}}-{Recs}-2 \(model {Recs}, lines 3-4\) rejected: .+ \(field: predictions\[1\]\.latencyMs, HTTP 400\)$",
            result.Error.Trim());
        Assert.Contains("Sent 1 batches (0 duplicates): 2 events", result.Output);
        Assert.Equal((2L, 0L), await HourAsync(Recs)); // the refused batch changed nothing
    }

    [Fact]
    public async Task The_default_batch_size_sends_one_batch_per_model_for_a_small_file()
    {
        await RegisterBothAsync();
        var file = _files.Write("events.jsonl", Events());

        var result = await CliRunner.AgainstAsync(host, "ingest", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Sent 2 batches (0 duplicates): 7 events", result.Output);
    }

    [Fact]
    public async Task Batch_size_below_one_is_a_usage_error()
    {
        var file = _files.Write("events.jsonl", Events());

        var result = await CliRunner.RunAsync("ingest", file, "--batch-size", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--batch-size must be at least 1", result.Error);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("ingest", Path.Combine(_files.Path, "missing.jsonl"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("file not found", result.Error);
    }
}
