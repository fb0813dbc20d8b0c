using System.Diagnostics;
using System.Net.Http.Headers;

namespace Fleet.Benchmarks.Http;

/// <summary>What one load run measured: requests, events, answers by status, request latency and every process's CPU.</summary>
internal sealed record LoadResult(
    int BatchSize, int Senders, int Models, double Seconds, long Requests, long Events, IReadOnlyDictionary<int, long> Statuses,
    double P50Ms, double P99Ms, double ServerCores, double GeneratorCores, double OtherCores, SiloProcess.Counts Server, long AcknowledgedInAll, string? FirstFailure)
{
    public double EventsPerSecond => Events / Seconds;
    public double RequestsPerSecond => Requests / Seconds;
    public long Refused => Statuses.Where(s => s.Key is 429 or 503).Sum(s => s.Value);
    public long Failed => Statuses.Where(s => s.Key is not (>= 200 and < 300) and not 429 and not 503).Sum(s => s.Value);
    public long StorageWrites => Server.StorageWrites;
}

/// <summary>
/// The load generator: <c>senders</c> concurrent HTTP/1.1 connections POSTing pre-serialised batches
/// (<see cref="BatchBody"/>) round-robin over the models, each request with new unique ids. Unpaced it sends as
/// fast as answers come back (figure 1); paced it holds a target rate (the load under figure 4). A 429 or 503 is
/// backpressure: the sender waits the Retry-After it names (at most 1 s) and counts it.
/// </summary>
internal static class IngestLoad
{
    public sealed record Plan(int BatchSize, int Senders, IReadOnlyList<string> Models, TimeSpan WarmUp, TimeSpan Measured, double? EventsPerSecond = null);

    private static long s_number = 1;

    public static async Task<LoadResult> RunAsync(SiloProcess silo, Plan plan, CancellationToken stop = default)
    {
        using var http = silo.Client(plan.Senders);
        var body = BatchBody.Of(plan.BatchSize, DateTimeOffset.UtcNow);
        var paths = plan.Models.Select(m => new Uri(silo.BaseAddress, $"/api/models/{m}/events")).ToArray();
        var contentType = new MediaTypeHeaderValue("application/json");
        var phase = 0; // 0 warm-up, 1 measured, 2 stop
        var statuses = new Dictionary<int, long>[plan.Senders];
        long acknowledged = 0; // 2xx answers over the whole run, warm-up included: what the server's count must equal
        var latencies = new List<double>[plan.Senders];
        string? firstFailure = null;
        var interval = plan.EventsPerSecond is { } rate ? Stopwatch.Frequency * (double)plan.BatchSize / rate : 0;
        var started = Stopwatch.GetTimestamp();
        long slot = -1, nextModel = -1;

        async Task Sender(int s)
        {
            var bytes = body.Copy();
            var mine = latencies[s] = new List<double>(1 << 16);
            var answers = statuses[s] = [];
            while (Volatile.Read(ref phase) < 2 && !stop.IsCancellationRequested)
            {
                if (interval > 0)
                {
                    var due = started + (long)(Interlocked.Increment(ref slot) * interval);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, CancellationToken.None);
                    if (Volatile.Read(ref phase) == 2 || stop.IsCancellationRequested) return;
                }
                body.Stamp(bytes, Interlocked.Increment(ref s_number));
                var path = paths[(int)((ulong)Interlocked.Increment(ref nextModel) % (ulong)paths.Length)];
                var t0 = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = contentType;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300) Interlocked.Increment(ref acknowledged);
                // Throughput counts the answers that arrive inside the measured window, whenever their request left.
                if (Volatile.Read(ref phase) == 1)
                {
                    answers[status] = answers.GetValueOrDefault(status) + 1;
                    if (status is >= 200 and < 300) mine.Add(ms);
                }
                if (status is 429 or 503)
                {
                    var after = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(100);
                    await Task.Delay(after < TimeSpan.FromSeconds(1) ? after : TimeSpan.FromSeconds(1), CancellationToken.None);
                }
                else if (status is not (>= 200 and < 300))
                {
                    Interlocked.CompareExchange(ref firstFailure, $"{status}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}", null);
                }
            }
        }

        var server0Counts = await silo.CountsAsync(http);
        var senders = Enumerable.Range(0, plan.Senders).Select(s => Task.Run(() => Sender(s))).ToArray();
        await Task.Delay(plan.WarmUp, CancellationToken.None);
        var meter = new CpuMeter();
        var server0 = silo.CpuTime;
        Volatile.Write(ref phase, 1);
        try { await Task.Delay(plan.Measured, stop); } catch (OperationCanceledException) { }
        Volatile.Write(ref phase, 2);
        var cpu = meter.Stop();
        var serverCores = (silo.CpuTime - server0).TotalSeconds / cpu.Seconds;
        await Task.WhenAll(senders);
        var counts = await silo.CountsAsync(http) - server0Counts;

        var all = statuses.SelectMany(d => d).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var ok = latencies.SelectMany(l => l).ToList();
        ok.Sort();
        return new LoadResult(plan.BatchSize, plan.Senders, paths.Length, cpu.Seconds, ok.Count, (long)ok.Count * plan.BatchSize, all,
            Statistics.Percentile(ok, 0.50), Statistics.Percentile(ok, 0.99), serverCores, cpu.ProcessCores,
            Math.Max(0, cpu.OtherCores - serverCores), counts, acknowledged * plan.BatchSize, firstFailure);
    }
}
