using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Fleet.Client.Api;
using Fleet.Contracts;
using Fleet.Contracts.Answers;
using Fleet.Client.Ingestion;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet ingest &lt;file.jsonl&gt;`: validates a whole event file, then sends it in per-model
/// batches with deterministic ids, so running it twice is safe.
/// </summary>
internal static class IngestCommand
{
    public const int DefaultBatchSize = 1000;

    public static Command Create(CliSession session)
    {
        var file = new Argument<FileInfo>("file") { Description = "Events, one JSON object per line, each with \"model\" and \"type\"" };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Most events per request (per model)",
            DefaultValueFactory = _ => DefaultBatchSize,
        };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValue(batchSize) < 1)
                result.AddError("--batch-size must be at least 1");
        });

        var command = new Command("ingest", "Send prediction and outcome events from a JSONL file") { file, batchSize };
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file)!;
            var content = await CommandInputs.ReadFileAsync(path, ct);

            EventFile events;
            try
            {
                events = EventFile.Parse(content);
            }
            catch (EventFileException e)
            {
                session.Error.WriteLine($"error: {path.Name}: {e.Message}; nothing was sent");
                return ExitCodes.Failed;
            }

            var batches = events.ToBatches(parseResult.GetValue(batchSize));
            if (batches.Count == 0)
            {
                session.Console.WriteLine($"No events in {path.Name}; nothing to send.");
                return ExitCodes.Ok;
            }

            var api = session.Api(parseResult);
            var tally = await SendAsync(session.Console, api, batches, events.Events.Count, ct);

            if (tally.Failure is { } failure)
                session.Error.WriteLine($"error: {failure}");
            session.Console.WriteLine(tally.Summary());
            return tally.Failure is null ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static async Task<IngestTally> SendAsync(
        IAnsiConsole console, FleetApiClient api, IReadOnlyList<EventBatch> batches, int totalEvents, CancellationToken ct)
    {
        var tally = new IngestTally(Stopwatch.StartNew());
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var progress = context.AddTask(ProgressLabel(0, totalEvents), maxValue: totalEvents);
                foreach (var batch in batches)
                {
                    try
                    {
                        tally.Record(batch, await api.PostEventsAsync(batch.ModelId, batch.ToJson(), ct));
                    }
                    catch (Exception e) when (e is FleetApiException or FleetConnectionException)
                    {
                        // Stop at the first rejected batch: later batches of the same model would
                        // arrive out of order, and the message must point at lines the user can fix.
                        var reason = e is FleetApiException rejection ? rejection.Describe() : e.Message;
                        tally.Failure = $"batch {batch.BatchId} (model {batch.ModelId}, lines {batch.FirstLine}-{batch.LastLine}) rejected: {reason}";
                        break;
                    }
                    progress.Increment(batch.Events.Count);
                    progress.Description = ProgressLabel((int)progress.Value, totalEvents);
                }
            });
        tally.Elapsed.Stop();
        return tally;
    }

    private static string ProgressLabel(int done, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{total:N0} lines");

    /// <summary>What the server has accepted so far, for the closing summary.</summary>
    private sealed class IngestTally(Stopwatch elapsed)
    {
        public Stopwatch Elapsed { get; } = elapsed;
        public int Batches { get; private set; }
        public int Duplicates { get; private set; }
        public int Predictions { get; private set; }
        public int Outcomes { get; private set; }
        public string? Failure { get; set; }

        public void Record(EventBatch batch, IngestReceipt receipt)
        {
            Batches++;
            if (receipt.Duplicate)
                Duplicates++;
            // Count what was sent: a duplicate's receipt may report zero accepted events.
            Predictions += batch.PredictionCount;
            Outcomes += batch.OutcomeCount;
        }

        public string Summary()
        {
            var events = Predictions + Outcomes;
            var seconds = Elapsed.Elapsed.TotalSeconds;
            var rate = seconds > 0 ? events / seconds : 0;
            return string.Create(CultureInfo.InvariantCulture,
                $"Sent {Batches} batches ({Duplicates} duplicates): {events:N0} events ({Predictions:N0} predictions, {Outcomes:N0} outcomes) in {seconds:0.00} s, {rate:N0} events/s");
        }
    }
}
