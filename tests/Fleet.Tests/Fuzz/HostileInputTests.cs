using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Security;

namespace Fleet.Tests.Fuzz;

/// <summary>The hostile inputs the issue names, one by one over real HTTP: each a 4xx with the body naming the field.</summary>
[Collection(HardenedHostCollection.Name)]
public sealed class HostileInputTests(HardenedHost host)
{
    private async Task<string> RefusedAsync(HttpResponseMessage answer, HttpStatusCode status)
    {
        var (field, problem) = await HardenedHost.ErrorBodyAsync(answer);
        Assert.True(answer.StatusCode == status, $"{(int)answer.StatusCode} (expected {(int)status}): {await answer.Content.ReadAsStringAsync()}");
        Assert.Null(problem);
        return field!;
    }

    private static StringContent Typed(string json, string contentType)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static JsonObject Silence(string reason = "maintenance", string by = "ana") =>
        new() { ["model"] = HardenedHost.Model, ["duration"] = "1h", ["by"] = by, ["reason"] = reason };

    [Fact]
    public async Task A_path_that_matches_no_route_answers_404_with_the_body()
    {
        Assert.Equal("path", await RefusedAsync(await host.Http.GetAsync("/api/no-such-route"), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_method_the_route_does_not_take_answers_405_with_the_body()
    {
        Assert.Equal("method", await RefusedAsync(await host.Http.PatchAsync("/api/fleet", Api.Body("{}")), HttpStatusCode.MethodNotAllowed));
    }

    [Fact]
    public async Task A_body_over_the_limit_answers_413_with_the_body_whether_its_length_is_declared_or_not()
    {
        var huge = new JsonObject { ["model"] = HardenedHost.Model, ["duration"] = "1h", ["by"] = "ana", ["reason"] = new string('x', 1_200_000) }.ToJsonString();
        // Expect: 100-continue, as a careful client sends a large body: the refusal comes before the body is sent.
        var declared = new HttpRequestMessage(HttpMethod.Post, "/api/silences") { Content = Api.Body(huge) };
        declared.Headers.ExpectContinue = true;
        Assert.Equal("body", await RefusedAsync(await host.Http.SendAsync(declared), HttpStatusCode.RequestEntityTooLarge));

        // Chunked: no Content-Length, so the limit trips while the body is read.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/silences") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true;
        Assert.Equal("body", await RefusedAsync(await host.Http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json-patch+json")]
    [InlineData("application/x-json")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-8; boundary=x")]
    public async Task A_content_type_other_than_application_json_is_refused_naming_it(string contentType)
    {
        var answer = await host.Http.PostAsync("/api/silences", Typed(Silence().ToJsonString(), contentType));
        Assert.Equal("content-type", await RefusedAsync(answer, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    public async Task Application_json_with_or_without_charset_utf8_is_taken(string contentType)
    {
        // A silence of a model nobody registered: taken (201), and it matches nothing the other tests read.
        var body = new JsonObject { ["rule"] = "error-rate", ["model"] = "no-such-model-" + Guid.NewGuid().ToString("N"), ["duration"] = "1m", ["by"] = "ana", ["reason"] = "content type" };
        var answer = await host.Http.PostAsync("/api/silences", Typed(body.ToJsonString(), contentType));
        Assert.True(answer.StatusCode == HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/models/%20")]
    [InlineData("/api/models/%20/series")]
    [InlineData("/api/models/%09/timeline")]
    [InlineData("/api/runs/%20")]
    [InlineData("/api/incidents/%20/ack")]
    public async Task A_blank_id_is_refused_naming_the_id(string path)
    {
        var method = path.EndsWith("/ack") ? HttpMethod.Post : HttpMethod.Get;
        var answer = await host.Http.SendAsync(new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? Api.Body(new JsonObject { ["by"] = "ana" }) : null });
        Assert.Equal("id", await RefusedAsync(answer, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("/api/models/a%E2%80%AEb")]   // U+202E right-to-left override
    [InlineData("/api/models/a%1Bb")]         // ESC, a terminal escape
    public async Task An_id_with_control_or_bidi_characters_is_refused_naming_the_id(string path)
    {
        Assert.Equal("id", await RefusedAsync(await host.Http.GetAsync(path), HttpStatusCode.BadRequest));
    }

    /// <summary>
    /// Kestrel refuses a NUL in the path itself, with an empty 400, before any middleware runs (its protocol-level
    /// refusals cannot carry a body: aspnet/KestrelHttpServer#2947); the README's Limits table says so.
    /// </summary>
    [Fact]
    public async Task A_nul_in_the_path_is_refused_by_the_server_itself()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("/api/models/a%00b")).StatusCode);
    }

    [Fact]
    public async Task An_id_longer_than_the_cap_is_refused()
    {
        Assert.Equal("id", await RefusedAsync(await host.Http.GetAsync("/api/models/" + new string('m', 129)), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_query_value_with_control_characters_is_refused_naming_the_parameter()
    {
        Assert.Equal("domain", await RefusedAsync(await host.Http.GetAsync("/api/fleet?domain=a%1B%5B31mred"), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_key_name_with_a_bidi_override_is_refused_naming_the_name()
    {
        var answer = await host.Http.PostAsync("/api/keys", Api.Body(new JsonObject { ["name"] = "ops\u202Egnp.exe", ["roles"] = new JsonArray("view") }));
        Assert.Equal("name", await RefusedAsync(answer, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_reason_over_the_cap_and_a_by_with_a_control_character_are_refused_by_field()
    {
        Assert.Equal("reason", await RefusedAsync(await host.Http.PostAsync("/api/silences", Api.Body(Silence(reason: new string('r', 1001)))), HttpStatusCode.BadRequest));
        Assert.Equal("by", await RefusedAsync(await host.Http.PostAsync("/api/silences", Api.Body(Silence(by: "ana\u0007"))), HttpStatusCode.BadRequest));
        Assert.Equal("by", await RefusedAsync(await host.Http.PostAsync("/api/silences", Api.Body(Silence(by: new string('b', 201)))), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_list_longer_than_the_cap_is_refused()
    {
        var roles = new JsonArray(Enumerable.Range(0, 1001).Select(_ => (JsonNode?)"view").ToArray());
        var answer = await host.Http.PostAsync("/api/keys", Api.Body(new JsonObject { ["name"] = "many", ["roles"] = roles }));
        Assert.Equal("roles", await RefusedAsync(answer, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_control_character_deep_in_an_event_batch_is_refused_with_its_path()
    {
        var now = DateTimeOffset.UtcNow;
        var prediction = Api.Prediction(now.AddSeconds(-1), Ev.NewId());
        prediction["segment"] = "18-24\u0000";
        var answer = await host.Http.PostAsync($"/api/models/{HardenedHost.Model}/events", Api.Body(Api.Batch(now, [prediction])));
        Assert.Equal("predictions[0].segment", await RefusedAsync(answer, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_null_where_a_list_is_required_is_refused_naming_it()
    {
        var answer = await host.Http.PostAsync("/api/runs/no-such-run/injections", Api.Body("""{"fault":"latency","models":null}"""));
        Assert.Equal("models", await RefusedAsync(answer, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Run_injections_and_actions_without_their_lists_and_names_are_refused_on_a_live_run()
    {
        using var started = await host.Http.PostAsync("/api/runs", Api.Body(new JsonObject { ["scenario"] = Simulation.RunControlTests.Endless, ["speed"] = 0 }));
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var id = (await Api.ReadJsonAsync(started))["id"]!.GetValue<string>();
        try
        {
            Assert.Equal("models", await RefusedAsync(await host.Http.PostAsync($"/api/runs/{id}/injections", Api.Body("""{"fault":"latency"}""")), HttpStatusCode.BadRequest));
            Assert.Equal("fault", await RefusedAsync(await host.Http.PostAsync($"/api/runs/{id}/injections", Api.Body("""{"models":["x"]}""")), HttpStatusCode.BadRequest));
            Assert.Equal("model", await RefusedAsync(await host.Http.PostAsync($"/api/runs/{id}/actions", Api.Body("""{"action":"retrain","by":"ana","reason":"r"}""")), HttpStatusCode.BadRequest));
            Assert.Equal("action", await RefusedAsync(await host.Http.PostAsync($"/api/runs/{id}/actions", Api.Body("""{"model":"m","by":"ana","reason":"r"}""")), HttpStatusCode.BadRequest));
        }
        finally
        {
            await host.Http.PostAsync($"/api/runs/{id}/stop", null);
        }
    }

    [Fact]
    public async Task A_silence_of_an_overflowing_duration_is_refused()
    {
        var body = Silence();
        body["duration"] = "99999999999999d";
        Assert.Equal("duration", await RefusedAsync(await host.Http.PostAsync("/api/silences", Api.Body(body)), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_request_without_a_key_still_gets_the_body()
    {
        using var anonymous = KeyApi.Client(host.Host.BaseAddress);
        Assert.Equal("key", await RefusedAsync(await anonymous.GetAsync("/api/fleet"), HttpStatusCode.Unauthorized));
    }
}
