using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Fuzz;

/// <summary>One request to send: what a hostile client would write, kept as data so a failure can be printed.</summary>
internal sealed record HostileRequest(string Method, string Path, byte[]? Body, string? ContentType, string Kind)
{
    /// <summary>Requests that can change the fleet, alerts or keys listings (sessions, the hub and the runtime view cannot).</summary>
    public bool CanChangeState => Method is not ("GET" or "HEAD") && !Path.StartsWith("/api/session") && !Path.StartsWith("/hubs") && !Path.StartsWith("/orleans");

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Path, UriKind.Relative));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            // As a careful client sends a large body: the server may refuse it (413) before it is sent.
            if (Body.Length > 1024 * 1024) message.Headers.ExpectContinue = true;
        }
        return message;
    }

    public override string ToString() =>
        $"{Method} {Path} [{Kind}] {ContentType} {(Body is null ? "" : HardenedHost.Cut(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300))))}";
}

/// <summary>A route as the host maps it (from its endpoint data source) and the methods it takes.</summary>
internal sealed record FuzzRoute(string Method, RoutePattern Pattern)
{
    public static IReadOnlyList<FuzzRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"]).Select(m => new FuzzRoute(m, e.RoutePattern)))
            .DistinctBy(r => (r.Method, r.Pattern.RawText))
            .ToList();

    public string Raw => Pattern.RawText ?? "";
}

/// <summary>
/// Builds hostile requests from a seeded <see cref="Random"/>: ids with path and control characters, wrong
/// types, NaN and Infinity as strings, huge numbers, deep and huge bodies, markup and SQL, duplicate and
/// out-of-order events, far-future and far-past times, YAML bombs for runs, wrong content types.
/// </summary>
internal sealed class HostileRequests(Random random, string realModel)
{
    /// <summary>Path values, already as they go on the wire.</summary>
    private static readonly string[] PathValues =
    [
        "fz-a", "..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%00", "a%00b", "%20", "%09", "%0d%0a", "%E2%80%AE",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%27%20OR%201%3D1--", "%22%3B%20DROP%20TABLE%20models%3B--", "con", "%F0%9F%99%82", "%C0%AE",
        "%ff%fe", new string('a', 300), "x%2Fy", "%25", "NaN", "-1", "99999999999999999999", "live", "%1B%5B2J",
    ];

    private static readonly string[] QueryNames = ["world", "window", "level", "state", "severity", "model", "domain", "owner", "team", "breached", "gap", "open", "by"];

    private static readonly string[] FieldNames =
    [
        "scenario", "seed", "start", "speed", "until", "action", "by", "reason", "level", "stage", "target", "rule", "model", "domain", "duration",
        "name", "roles", "key", "fault", "models", "magnitude", "ramp", "feature", "mode", "segment", "predictions", "outcomes", "batchId", "sentAt",
        "owner", "team", "version", "baseline", "qualityMetric", "thresholds", "retraining", "__proto__", "constructor", "",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "\t", "\u0000", "a\u0000b", "\u202Egnp.exe", "\u2066x\u2069", "\u001B[31mred", "\r\nInjected: header", "../../etc/passwd", "/etc/passwd",
        "%2e%2e%2f", "C:\\Windows\\win.ini", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "'; DROP TABLE models;--", "\" OR \"\"=\"",
        "NaN", "Infinity", "-Infinity", "1e309", "-0", "null", "true", "{{7*7}}", "${jndi:ldap://x}", "\uD800", "\uFFFF", "🙂", "fz-a", "live",
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "1h", "99999999999999d", "-5m", "0s", "admin", "view",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "-0", "1e308", "-1e308", "1e309", "9223372036854775808", "-9223372036854775809", "4294967296", "0.5", "1.7976931348623157e308",
        "5e-324", "123456789012345678901234567890", "2147483648",
    ];

    private static readonly string[] Times =
    [
        "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"", "\"2100-01-01T00:00:00Z\"", "\"2026-13-45T99:99:99Z\"",
        "\"yesterday\"", "0", "\"9999-12-31T23:59:59.9999999+14:00\"", "\"0001-01-01T00:00:00-14:00\"",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/json-patch+json", "application/json; charset=iso-8859-1", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=utf-16", "", ";;;", "application/json; a=b",
    ];

    private static readonly string[] YamlBombs =
    [
        BillionLaughs(), DeepYaml(), "name: x\nduration: 99999999999d\ntick: 1s\nfleet:\n  - domain: credit\n    count: 1\n",
        "name: x\nduration: 1h\ntick: 1ms\nfleet:\n  - domain: credit\n    count: 1\n", "!!python/object/apply:os.system ['rm -rf /']",
        "name: &a x\nfleet: *a", "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -", "../../etc/passwd", "/etc/passwd", "{", "name: x\nfleet: [",
    ];

    public HostileRequest Next(FuzzRoute route)
    {
        var path = Path(route);
        if (random.NextDouble() < 0.4) path += "?" + Query();
        var takesBody = route.Method is not ("GET" or "HEAD" or "DELETE");
        if (!takesBody) return new HostileRequest(route.Method, path, random.NextDouble() < 0.05 ? Encoding.UTF8.GetBytes("{\"a\":1}") : null, "application/json", "no-body");
        var pick = random.NextDouble();
        return pick switch
        {
            < 0.35 => Json(route, path, RandomObject(), "fields"),
            < 0.65 => Json(route, path, Shaped(route), "shaped"),
            < 0.73 => Json(route, path, Malformed(), "malformed"),
            < 0.78 => Json(route, path, Deep(), "deep"),
            < 0.795 => Json(route, path, Huge(route), "huge"),
            < 0.86 => new HostileRequest(route.Method, path, Encoding.UTF8.GetBytes(RandomObject()), Pick(ContentTypes), "content-type"),
            < 0.92 => new HostileRequest(route.Method, path, [], random.NextDouble() < 0.5 ? "application/json" : null, "empty"),
            _ => Json(route, path, Pick(["[]", "\"x\"", "1", "null", "true", "[{}]", "{}", "\"\\u0000\""]), "top-level"),
        };
    }

    private static HostileRequest Json(FuzzRoute route, string path, string json, string kind) =>
        new(route.Method, path, Encoding.UTF8.GetBytes(json), "application/json", kind);

    private string Path(FuzzRoute route) =>
        "/" + string.Join('/', route.Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart => random.NextDouble() < 0.15 ? realModel : Pick(PathValues),
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    private string Query() => string.Join('&', Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
        Pick(QueryNames) + "=" + Uri.EscapeDataString(ToEscapable(random.NextDouble() < 0.5 ? Pick(Strings) : Pick(Numbers)))));

    /// <summary>Lone surrogates cannot be percent-encoded; they become U+FFFD as a client library would send them.</summary>
    private static string ToEscapable(string text) => text.Replace('\uD800', '\uFFFD');

    private string Value(int depth = 0) => random.Next(10) switch
    {
        0 or 1 or 2 => JsonSerializer.Serialize(Pick(Strings)),
        3 or 4 => Pick(Numbers),
        5 => Pick(Times),
        6 => Pick(["true", "false", "null", "[]", "{}"]),
        7 => depth < 2 ? "[" + string.Join(',', Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(depth + 1))) + "]" : "[]",
        8 => depth < 2 ? RandomObject(depth + 1) : "{}",
        _ => JsonSerializer.Serialize(new string(Pick(['x', '\u202E', '<', '\'']), random.Next(100, 3000))),
    };

    private string RandomObject(int depth = 0)
    {
        var fields = Enumerable.Range(0, random.Next(0, 7)).Select(_ => Pick(FieldNames)).ToList();
        // Duplicate keys on purpose, now and then.
        if (fields.Count > 0 && random.NextDouble() < 0.1) fields.Add(fields[0]);
        return "{" + string.Join(',', fields.Select(f => JsonSerializer.Serialize(f) + ":" + Value(depth))) + "}";
    }

    /// <summary>A body of the route's own shape with some values hostile: close enough to valid to reach the checks behind parsing.</summary>
    private string Shaped(FuzzRoute route) => route.Raw switch
    {
        var r when r.EndsWith("/events") => EventBatch(),
        "/api/models/{id}" => Registration(),
        "/api/runs" => Obj(("scenario", random.NextDouble() < 0.8 ? JsonSerializer.Serialize(Pick(YamlBombs)) : Value()), ("seed", Maybe(Pick(Numbers))),
            ("start", Maybe(Pick(Times))), ("speed", Maybe(Pick(Numbers.Append("\"NaN\"").ToArray()))), ("until", Maybe(Value()))),
        var r when r.EndsWith("/injections") => Obj(("fault", Str("latency")), ("models", Maybe($"[{Str(realModel)},{Str(realModel)}]")), ("magnitude", Maybe(Pick(Numbers))),
            ("duration", Str("1h")), ("ramp", Maybe(Value())), ("feature", Maybe(Value())), ("mode", Maybe(Value())), ("segment", Maybe(Value()))),
        var r when r.EndsWith("/actions") => Obj(("model", Str(realModel)), ("action", Str(Pick(["retrain", "force-level", "rollout", "kill-switch", "x"]))),
            ("by", Str("ana")), ("reason", Str("because")), ("level", Maybe(Pick(Numbers))), ("stage", Maybe(Value()))),
        "/api/silences" => Obj(("rule", Maybe(Value())), ("model", Str(realModel)), ("domain", Maybe(Value())), ("duration", Str(Pick(["1h", "99999999999999d", "-1h", "NaNh", "1e308s", "0m"]))),
            ("by", Str("ana")), ("reason", Str("why"))),
        "/api/keys" => Obj(("name", Str(Pick(Strings))), ("roles", Pick(["[\"view\"]", "[\"root\"]", "[]", "[\"view\",\"view\"]", "[null]", "\"admin\""]))),
        "/api/session" => Obj(("key", Str(Pick(Strings)))),
        var r when r.EndsWith("/speed") => Obj(("speed", Pick(Numbers.Concat(["\"NaN\"", "\"Infinity\"", "null"]).ToArray()))),
        _ => Obj(("target", Str(Pick(Strings))), ("by", Str("ana")), ("reason", Maybe(Value()))),
    };

    private string EventBatch()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, random.Next(1, 6)).Select(i => random.NextDouble() < 0.3 ? "dup" : $"p{random.Next()}").ToList();
        var predictions = ids.Select(id => Obj(
            ("timestamp", Hostile(Str(Iso(now.AddSeconds(-random.Next(0, 600))))) ), ("predictionId", Hostile(Str(id))), ("segment", Hostile(Str("18-24"))),
            ("features", Hostile("{\"age\":23,\"region\":\"EU\"}")), ("score", Hostile("0.8")), ("latencyMs", Hostile("40")), ("servedLevel", Hostile("1")),
            ("fallback", Hostile("false")), ("error", Hostile("false")), ("timeout", Hostile("false"))));
        // Outcomes before their predictions, for predictions never sent, and twice.
        var outcomes = ids.Select(id => Obj(("timestamp", Hostile(Str(Iso(now.AddSeconds(-random.Next(-600, 3600)))))), ("predictionId", Hostile(Str(id))), ("label", Hostile("1"))));
        return Obj(("batchId", Hostile(Str(random.NextDouble() < 0.3 ? "b-dup" : $"b{random.Next()}"))), ("sentAt", Hostile(Str(Iso(now)))),
            ("predictions", "[" + string.Join(',', predictions) + "]"), ("outcomes", "[" + string.Join(',', outcomes.Reverse()) + "]"));
    }

    private string Registration() => Obj(("name", Hostile(Str("Fuzzed"))), ("domain", Hostile(Str("credit"))), ("owner", Hostile(Str("ana@example.com"))),
        ("team", Hostile(Str("risk"))), ("version", Hostile(Str("1.0"))), ("baseline", Hostile("0.1")), ("qualityMetric", Hostile(Str("auc"))),
        ("thresholds", Hostile("{\"quality\":{\"launch\":0.7,\"target\":0.8,\"stretch\":0.85,\"window\":\"30d\",\"minSamples\":100}}")));

    private string Hostile(string valid) => random.NextDouble() < 0.25 ? Value() : valid;

    private string? Maybe(string value) => random.NextDouble() < 0.3 ? null : value;

    private static string Str(string text) => JsonSerializer.Serialize(text);

    private static string Obj(params (string Name, string? Json)[] fields) =>
        "{" + string.Join(',', fields.Where(f => f.Json is not null).Select(f => Str(f.Name) + ":" + f.Json)) + "}";

    private string Malformed() => Pick(["{", "}", "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":01}",
        "{\"a\":1,}", "[1,2", "\u0000", "\uFEFF{}", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\x41\"}", "<xml/>", "a=1&b=2", "{\"a\":1}{\"b\":2}", "/*c*/{}", "{\"a\":tru}"]);

    private string Deep()
    {
        var depth = Pick([65, 100, 1000, 100_000]);
        return random.NextDouble() < 0.5 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    /// <summary>Over the body limit: 1.5 MB anywhere, 17 MB (over the event route's 16 MiB) on ingestion.</summary>
    private static string Huge(FuzzRoute route)
    {
        var size = route.Raw.EndsWith("/events") ? 17 * 1024 * 1024 : 1536 * 1024;
        return "{\"reason\":\"" + new string('x', size) + "\"}";
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string BillionLaughs()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var c = 'b'; c <= 'j'; c++)
            yaml.Append(c).Append(": &").Append(c).Append(" [").Append(string.Join(',', Enumerable.Repeat("*" + (char)(c - 1), 9))).Append("]\n");
        return yaml.Append("name: *j\nfleet: *j\n").ToString();
    }

    private static string DeepYaml() => "name: x\nfleet: " + new string('[', 10_000) + new string(']', 10_000) + "\n";
}
