using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fleet.Client.Rendering;
using Fleet.Contracts;
using Fleet.Contracts.Answers;

namespace Fleet.Client.Api;

/// <summary>
/// Thin typed wrapper over Fleet's HTTP API. Turns transport failures into
/// <see cref="FleetConnectionException"/> and error statuses into <see cref="FleetApiException"/>
/// so commands only deal with domain outcomes.
/// </summary>
public sealed class FleetApiClient(HttpClient http)
{
    public Uri Server => http.BaseAddress ?? throw new InvalidOperationException("HttpClient needs a BaseAddress.");

    public async Task<ApiReply<FleetOverview>> GetFleetAsync(FleetFilter filter, CancellationToken ct)
    {
        var raw = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/fleet" + QueryString(filter)), ct);
        return new ApiReply<FleetOverview>(Deserialize<FleetOverview>(raw), raw);
    }

    public async Task<ApiReply<ModelDetail>> GetModelAsync(string modelId, CancellationToken ct)
    {
        var raw = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ModelPath(modelId)), ct);
        return new ApiReply<ModelDetail>(Deserialize<ModelDetail>(raw), raw);
    }

    /// <summary>Sends a registration document as-is: the server owns its schema, the CLI only carries it.</summary>
    public Task<string> RegisterModelAsync(string modelId, string registrationJson, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Put, ModelPath(modelId)) { Content = JsonContent(registrationJson) }, ct);

    public async Task<IngestReceipt> PostEventsAsync(string modelId, string batchJson, CancellationToken ct)
    {
        var raw = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, ModelPath(modelId) + "/events") { Content = JsonContent(batchJson) }, ct);
        return Deserialize<IngestReceipt>(raw);
    }

    public async Task<Fleet.Runs.RunStatus> StartRunAsync(string scenarioYaml, int? seed, DateTimeOffset? start, double? speed, string? until, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new StartRunRequest(scenarioYaml, seed, start, speed, until), FleetJsonConvention.Options);
        var raw = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/runs") { Content = JsonContent(body) }, ct);
        return Deserialize<Fleet.Runs.RunStatus>(raw);
    }

    public async Task<Fleet.Runs.RunStatus> GetRunAsync(string runId, CancellationToken ct) =>
        Deserialize<Fleet.Runs.RunStatus>(await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/runs/" + Uri.EscapeDataString(runId)), ct));

    public async Task<Fleet.Runs.RunSummary> GetRunSummaryAsync(string runId, CancellationToken ct) =>
        Deserialize<Fleet.Runs.RunSummary>(await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}/summary"), ct));

    /// <summary>The recorded runs (raw JSON, and read), newest first.</summary>
    public async Task<(string Raw, IReadOnlyList<Fleet.Runs.RunListing> Runs)> ListRunsAsync(CancellationToken ct)
    {
        var raw = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/runs"), ct);
        return (raw, Deserialize<List<Fleet.Runs.RunListing>>(raw));
    }

    public async Task<Fleet.Runs.RunStatus> ReplayRunAsync(string runId, Fleet.Runs.ReplayRequest request, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(request, FleetJsonConvention.Options);
        var raw = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/runs/{Uri.EscapeDataString(runId)}/replay") { Content = JsonContent(body) }, ct);
        return Deserialize<Fleet.Runs.RunStatus>(raw);
    }

    public async Task<Fleet.Runs.ReplayComparison> GetComparisonAsync(string replayId, CancellationToken ct) =>
        Deserialize<Fleet.Runs.ReplayComparison>(await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(replayId)}/comparison"), ct));

    /// <summary>What Fleet judges models by: GET /api/catalogue, parsed and raw.</summary>
    public async Task<(string Raw, Fleet.Catalogue.CatalogueView Catalogue)> GetCatalogueAsync(CancellationToken ct)
    {
        var raw = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/catalogue"), ct);
        return (raw, Deserialize<Fleet.Catalogue.CatalogueView>(raw));
    }

    /// <summary>GET a path and read its answer as the contract <typeparamref name="T"/>, keeping the raw JSON for --json.</summary>
    public async Task<ApiReply<T>> GetAsync<T>(string path, CancellationToken ct)
    {
        var raw = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ct);
        return new ApiReply<T>(Deserialize<T>(raw), raw);
    }

    /// <summary>POST a request contract to a path and read its answer as the contract <typeparamref name="T"/>.</summary>
    public async Task<ApiReply<T>> PostAsync<T>(string path, object body, CancellationToken ct)
    {
        var raw = await PostRawAsync(path, body, ct);
        return new ApiReply<T>(Deserialize<T>(raw), raw);
    }

    /// <summary>GET a path and return the raw JSON (alerts, incidents, silences: shown as they come).</summary>
    public Task<string> GetRawAsync(string path, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ct);

    /// <summary>POST a JSON body to a path and return the raw answer.</summary>
    public Task<string> PostRawAsync(string path, object body, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent(JsonSerializer.Serialize(body, FleetJsonConvention.Options)) }, ct);

    /// <summary>POST a text body (a file) of a media type to a path and read its answer as the contract <typeparamref name="T"/>.</summary>
    public async Task<T> PostTextAsync<T>(string path, string text, string mediaType, CancellationToken ct) =>
        Deserialize<T>(await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(text, new UTF8Encoding(false), mediaType) }, ct));

    /// <summary>DELETE a path (no body expected back).</summary>
    public Task<string> DeleteAsync(string path, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, path), ct);

    private static string ModelPath(string modelId) => "api/models/" + Uri.EscapeDataString(modelId);

    private static StringContent JsonContent(string json) =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    internal static string QueryString(FleetFilter filter)
    {
        var pairs = new (string Name, string? Value)[]
        {
            ("domain", filter.Domain),
            ("owner", filter.Owner),
            ("team", filter.Team),
            ("level", filter.Level?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("breached", filter.Breached),
            ("gap", filter.Gap),
        };
        var present = pairs
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}")
            .ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    private async Task<string> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken ct)
    {
        using var request = createRequest();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new FleetConnectionException(Server, e.InnerException?.Message ?? e.Message, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; the user did not cancel anything.
            throw new FleetConnectionException(Server, $"no answer within {http.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw ToApiException(response.StatusCode, body);
            return body;
        }
    }

    private static FleetApiException ToApiException(HttpStatusCode status, string body)
    {
        ApiError? error = null;
        try
        {
            error = JsonSerializer.Deserialize<ApiError>(body, FleetJson.Replies);
        }
        catch (JsonException)
        {
            // Proxies and crashed servers answer with HTML or plain text; fall back to the status line.
        }

        var message = !string.IsNullOrWhiteSpace(error?.Error)
            ? error.Error
            : string.IsNullOrWhiteSpace(body) ? status.ToString() : Truncate(body.Trim(), 200);
        return new FleetApiException(status, TerminalText.Safe(message), error?.Field);
    }

    private T Deserialize<T>(string raw)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(raw, FleetJson.Replies)
                   ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            throw new FleetApiException(HttpStatusCode.OK, $"unexpected response from {Server}: {e.Message}", null);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
