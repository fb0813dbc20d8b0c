using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Durability;

/// <summary>
/// A real model's sender: posts batches of predictions stamped with the wall clock, one after another, and
/// remembers which were acknowledged (200) and which had no answer (the silo died under them, or a 5xx) so it can resend
/// those with the same batch id, as a sender must.
/// </summary>
internal sealed class IngestSender(string model, int batchSize)
{
    private readonly List<JsonObject> _unanswered = [];

    public string Model { get; } = model;
    public long AcknowledgedEvents { get; private set; }
    public int AcknowledgedBatches { get; private set; }
    public long UnansweredEvents => _unanswered.Count * (long)batchSize;
    public long SentEvents => AcknowledgedEvents + UnansweredEvents;

    /// <summary>Sends until the silo stops answering or <paramref name="stop"/> is cancelled.</summary>
    public async Task SendUntilFailureAsync(HttpClient http, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && await TryPostAsync(http, NextBatch())) { }
    }

    /// <summary>Sends <paramref name="batches"/> batches; each must be acknowledged.</summary>
    public async Task SendAsync(HttpClient http, int batches)
    {
        for (var i = 0; i < batches; i++)
        {
            if (!await TryPostAsync(http, NextBatch())) throw new InvalidOperationException($"{Model}: a batch got no answer");
        }
    }

    private JsonObject NextBatch()
    {
        var now = DateTimeOffset.UtcNow;
        return Api.Batch(now, Enumerable.Range(0, batchSize).Select(_ => Api.Prediction(now, Ev.NewId(Model))));
    }

    /// <summary>Resends every unanswered batch; each must now be acknowledged (as new, or as a duplicate of one the log kept).</summary>
    public async Task ResendUnansweredAsync(HttpClient http)
    {
        if (!await TryResendUnansweredAsync(http)) throw new InvalidOperationException($"{Model}: a resent batch got no answer");
    }

    /// <summary>Resends unanswered batches until one again gets no answer (it stays unanswered, as do those after it).</summary>
    public async Task<bool> TryResendUnansweredAsync(HttpClient http)
    {
        while (_unanswered.Count > 0)
        {
            var batch = _unanswered[0];
            _unanswered.RemoveAt(0);
            if (!await TryPostAsync(http, batch)) return false;
        }
        return true;
    }

    /// <summary>Refused for going faster than the key's rate: waits as the answer says and sends the same batch again, as a sender must.</summary>
    private async Task<HttpResponseMessage> PostHonouringRateLimitAsync(HttpClient http, JsonObject batch)
    {
        while (true)
        {
            var response = await http.PostAsync($"/api/models/{Model}/events", Api.Body(batch.ToJsonString()));
            if (response.StatusCode != HttpStatusCode.TooManyRequests) return response;
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    private async Task<bool> TryPostAsync(HttpClient http, JsonObject batch)
    {
        try
        {
            using var response = await PostHonouringRateLimitAsync(http, batch);
            // A server error is no answer: in a cluster, the silo asked may still be waiting for a dead one's grains.
            if ((int)response.StatusCode >= 500)
            {
                _unanswered.Add(batch);
                return false;
            }
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{Model}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            AcknowledgedBatches++;
            AcknowledgedEvents += batchSize;
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _unanswered.Add(batch);
            return false;
        }
    }
}
