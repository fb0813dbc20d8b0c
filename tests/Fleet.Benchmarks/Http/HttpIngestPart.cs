namespace Fleet.Benchmarks.Http;

/// <summary>
/// Figure 1: HTTP ingest in the production configuration (<see cref="SiloProcess"/>), 1,000 models, for each batch
/// size an unpaced run of the load generator (<see cref="IngestLoad"/>), then the same with the batch log off (its
/// documented speed option) at the sizes asked. Every figure prints the server's and the generator's CPU.
/// </summary>
internal static class HttpIngestPart
{
    public const int Models = 1000;

    /// <summary>Connections for a batch size: many for small batches (each request is mostly overhead), fewer for large.</summary>
    public static int SendersFor(int batchSize, int? chosen) => chosen ?? Math.Clamp(32_000 / batchSize, 16, 64);

    public static async Task<IReadOnlyList<LoadResult>> RunAsync(AllOptions o, FigureBook book, TextWriter log, string hostLog)
    {
        var on = new List<LoadResult>();
        var off = new List<LoadResult>();
        foreach (var durable in new[] { true, false })
        {
            var sizes = durable ? o.HttpSizes : o.HttpSizes.Where(o.HttpLogOffSizes.Contains).ToList();
            if (sizes.Count == 0) continue;
            await using var silo = await SiloProcess.StartAsync(durable, hostLog);
            using (var admin = silo.Client(16)) await silo.RegisterAsync(admin, ModelIds());
            foreach (var size in sizes)
            {
                var plan = new IngestLoad.Plan(size, SendersFor(size, o.HttpSenders), ModelIds(), TimeSpan.FromSeconds(o.Quick ? 1 : 3), TimeSpan.FromSeconds(o.HttpSeconds));
                var r = await IngestLoad.RunAsync(silo, plan);
                (durable ? on : off).Add(r);
                var log0 = durable ? "batch log on (SQLite synchronous=FULL, the default)" : "batch log off (Fleet:Models:DurableAck=false)";
                log.WriteLine($"  batch {size:N0}, {log0}: {r.EventsPerSecond:N0} events/s, {r.RequestsPerSecond:N0} requests/s, P50 {r.P50Ms:F2} ms, P99 {r.P99Ms:F2} ms, " +
                              $"server {r.ServerCores:F2} cores, generator {r.GeneratorCores:F2} cores, others {r.OtherCores:F2}; answers {Answers(r)}; " +
                              $"over the whole run (warm-up included) {r.StorageWrites:N0} storage writes, the server counted {r.Server.AcceptedPredictions:N0} predictions accepted " +
                              $"and the generator saw {r.AcknowledgedInAll:N0} acknowledged, {r.Server.DuplicateBatches:N0} duplicate batches{(r.FirstFailure is { } f ? $"; first failure {f}" : "")}");
                var judged = durable && size == PerformanceBar.HttpBatch;
                book.Add(new Figure("HTTP ingest", $"events/s, batch {size:N0}, {(durable ? "log on" : "log off")}", Models, r.Failed > 0 || r.Server.DuplicateBatches > 0 ? double.NaN : r.EventsPerSecond, "events/s",
                    judged ? PerformanceBar.HttpEventsPerSecond : null, r.OtherCores,
                    $"{r.Senders} connections, {o.HttpSeconds} s; request P50 {r.P50Ms:F2} ms, P99 {r.P99Ms:F2} ms; server {r.ServerCores:F2} cores, " +
                    $"generator {r.GeneratorCores:F2} cores (own process); answers {Answers(r)}; {r.StorageWrites:N0} grain-state writes landed (checkpoints, registry); server's count of accepted predictions {r.Server.AcceptedPredictions:N0} = generator's acknowledged {r.AcknowledgedInAll:N0}: {(r.Server.AcceptedPredictions == r.AcknowledgedInAll ? "yes" : "NO")}" +
                    (r.Failed > 0 ? $"; {r.Failed:N0} failed: {r.FirstFailure}" : "") +
                    (r.Server.DuplicateBatches > 0 ? $"; {r.Server.DuplicateBatches:N0} batches were duplicates: ids not unique" : "")));
            }
        }
        foreach (var without in off)
        {
            var with = on.First(r => r.BatchSize == without.BatchSize);
            book.Add(new Figure("HTTP ingest", $"batch log's cost: events/s log on ÷ log off, batch {without.BatchSize:N0}", Models,
                with.EventsPerSecond / without.EventsPerSecond, "×", null, Math.Max(with.OtherCores, without.OtherCores),
                $"P50 {with.P50Ms:F2} ms on vs {without.P50Ms:F2} ms off, P99 {with.P99Ms:F2} vs {without.P99Ms:F2} ms; server CPU a million events " +
                $"{with.ServerCores / with.EventsPerSecond * 1e6:F2} vs {without.ServerCores / without.EventsPerSecond * 1e6:F2} core-s"));
        }
        return on;
    }

    public static IReadOnlyList<string> ModelIds() => Enumerable.Range(0, Models).Select(i => $"load-{i:D4}").ToList();

    private static string Answers(LoadResult r) => string.Join(", ", r.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Value:N0}×{s.Key}"));
}
