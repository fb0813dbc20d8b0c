using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Fleet.Tests.Fuzz;

/// <summary>
/// 10,000 hostile requests (seeded, so a failure replays) spread over every endpoint the host maps, sent in
/// parallel to one real host. Every answer must be 2xx or a 4xx with the error body; the silo stays up, memory
/// stays bounded, and the fleet, alerts, silences, incidents and keys listings do not change across any group of
/// requests none of which was accepted (only an accepted request may change state).
/// </summary>
[Collection(HardenedHostCollection.Name)]
public sealed class FuzzTests(HardenedHost host, ITestOutputHelper output)
{
    private const int Seed = 18;
    private const int RequestCount = 10_000;
    private const int ChunkSize = 200;
    private const int Parallelism = 8;

    /// <summary>Managed heap growth allowed across the whole run, after a full collection on both sides.</summary>
    private const long HeapBoundBytes = 200L * 1024 * 1024;

    /// <summary>
    /// Working-set growth allowed (the host runs in this process): the 17 MB bodies, Kestrel's buffers and the
    /// heap's own expansion; measured 240-380 MB on the 2-core test machine.
    /// </summary>
    private const long WorkingSetBoundBytes = 600L * 1024 * 1024;

    private static readonly string[] Listings = ["/api/fleet", "/api/alerts", "/api/silences", "/api/incidents", "/api/keys"];

    [Fact]
    public async Task Hostile_requests_get_2xx_or_a_4xx_with_the_body_and_refused_ones_change_nothing()
    {
        var routes = FuzzRoute.All(host.Host.Services);
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        var random = new Random(Seed);
        var make = new HostileRequests(random, HardenedHost.Model);
        // Every route gets its share, in a seeded shuffle.
        var requests = Enumerable.Range(0, RequestCount).Select(i => make.Next(routes[i % routes.Count])).OrderBy(_ => random.Next()).ToList();

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
        var watch = Stopwatch.StartNew();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();

        // First pass: every request, in parallel; each answer checked on its own.
        var refusedWrites = new ConcurrentBag<HostileRequest>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, _) =>
        {
            var status = await CheckAsync(request, failures, statuses);
            if (status is >= 400 and < 500 && request.CanChangeState) refusedWrites.Add(request);
        });

        // Second pass: the refused requests that could change state, again, in groups with the listings read
        // before and after each group. A refusal depends on the input alone, so they are refused again; a group
        // in which one is accepted after all proves nothing and is not counted.
        var replayed = refusedWrites.OrderBy(r => r.ToString(), StringComparer.Ordinal).ToList();
        var compared = 0;
        foreach (var chunk in replayed.Chunk(ChunkSize))
        {
            var before = await ListingsAsync();
            var accepted = 0;
            await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, _) =>
            {
                if (await CheckAsync(request, failures, statuses) is >= 200 and < 300) Interlocked.Increment(ref accepted);
            });
            if (accepted > 0) continue;
            var after = await ListingsAsync();
            for (var i = 0; i < Listings.Length; i++)
                if (before[i] != after[i]) failures.Enqueue($"{Listings[i]} changed across a group of refused requests:\n{HardenedHost.Cut(before[i])}\n{HardenedHost.Cut(after[i])}");
            compared += chunk.Length;
        }
        watch.Stop();

        using var health = await host.Http.GetAsync("/healthz");
        using var fleet = await host.Http.GetAsync("/api/fleet");
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetAfter = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine($"{RequestCount} requests over {routes.Count} routes in {watch.Elapsed.TotalSeconds:F1} s; statuses: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}")));
        output.WriteLine($"state compared across {compared} of {replayed.Count} refused requests that could change it; heap {heapBefore / 1e6:F0} -> {heapAfter / 1e6:F0} MB; " +
            $"working set {workingSetBefore / 1e6:F0} -> {workingSetAfter / 1e6:F0} MB");

        // One example of each kind of failure (status and route), so a run shows every distinct defect.
        var kinds = failures.GroupBy(f => string.Join(' ', f.Split(' ').Where(w => !w.Contains('?')).Take(2)) + " " + Route(f)).Select(g => $"[{g.Count()}x] {g.First()}").ToList();
        Assert.True(failures.IsEmpty, $"{failures.Count} failures of {kinds.Count} kinds:\n" + string.Join("\n", kinds.Take(60)));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fleet.StatusCode);
        Assert.True(heapAfter - heapBefore < HeapBoundBytes, $"the heap grew by {(heapAfter - heapBefore) / 1e6:F0} MB");
        Assert.True(workingSetAfter - workingSetBefore < WorkingSetBoundBytes, $"the working set grew by {(workingSetAfter - workingSetBefore) / 1e6:F0} MB");
        Assert.True(replayed.Count > RequestCount / 5 && compared >= replayed.Count * 9 / 10, $"state compared across only {compared} of {replayed.Count} refused requests");
        Assert.True(statuses.Keys.Count(s => s is >= 400 and < 500) >= 5, "the fuzz reached too few kinds of refusal");
    }

    private static string Route(string failure)
    {
        var at = failure.IndexOf(" <- ", StringComparison.Ordinal);
        if (at < 0) return "";
        var words = failure[(at + 4)..].Split(' ', 3);
        return words.Length < 2 ? "" : words[0] + " " + string.Join('/', words[1].Split('?')[0].Split('/').Take(4));
    }

    private async Task<int> CheckAsync(HostileRequest request, ConcurrentQueue<string> failures, ConcurrentDictionary<int, int> statuses)
    {
        var (status, problem) = await SendAsync(request);
        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (problem is not null) failures.Enqueue($"{status} {problem} <- {request}");
        return status;
    }

    private async Task<(int Status, string? Problem)> SendAsync(HostileRequest request)
    {
        try
        {
            using var answer = await host.Http.SendAsync(request.ToMessage());
            var status = (int)answer.StatusCode;
            if (status is >= 200 and < 400) return (status, null);
            if (status >= 500) return (status, "a 5xx: " + HardenedHost.Cut(await answer.Content.ReadAsStringAsync()));
            // Kestrel's own refusal of a NUL in the path comes before any middleware and cannot carry a body.
            if (status == 400 && request.Path.Contains("%00") && answer.Content.Headers.ContentLength == 0) return (status, null);
            var (_, problem) = await HardenedHost.ErrorBodyAsync(answer);
            return (status, problem);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, "no answer: " + e.Message);
        }
    }

    private async Task<string[]> ListingsAsync() =>
        await Task.WhenAll(Listings.Select(async path =>
        {
            using var answer = await host.Http.GetAsync(path);
            return $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
        }));
}
