using System.Globalization;
using Fleet.Events;

namespace Fleet.Silo.Recordings.Import;

/// <summary>
/// One event's fields as a file holds them (a JSON line or a CSV row), read by name with the line's number in every
/// refusal. <see cref="ImportedEvents"/> turns them into Fleet's events, the same for both formats.
/// </summary>
public interface IEventFields
{
    int Line { get; }

    /// <summary>The fields given on this line (a CSV row's non-empty cells), features apart.</summary>
    IEnumerable<string> Present { get; }

    string? Text(string field);
    double? Number(string field);
    bool? Flag(string field);

    /// <summary>The prediction's features; null when it gives none.</summary>
    FeatureRow? Features(FeatureSchemaSet schemas);
}

/// <summary>Builds Fleet's events from a line's fields: the ingest API's fields, names and defaults.</summary>
public static class ImportedEvents
{
    public static readonly IReadOnlyList<string> PredictionFields =
        ["model", "type", "timestamp", "predictionId", "segment", "score", "latencyMs", "servedLevel", "fallback", "error", "timeout"];

    public static readonly IReadOnlyList<string> OutcomeFields = ["model", "type", "timestamp", "predictionId", "label"];

    public static readonly IReadOnlyList<string> AllFields = [.. PredictionFields.Union(OutcomeFields)];

    public static ImportedEvent Build(IEventFields f, FeatureSchemaSet schemas)
    {
        var model = f.Text("model") ?? throw new ImportException(f.Line, "model", "is required");
        var type = f.Text("type") ?? throw new ImportException(f.Line, "type", "is required: prediction or outcome");
        var allowed = type switch
        {
            "prediction" => PredictionFields,
            "outcome" => OutcomeFields,
            _ => throw new ImportException(f.Line, "type", $"must be prediction or outcome, not '{type}'"),
        };
        if (f.Present.FirstOrDefault(name => !allowed.Contains(name)) is { } stray)
            throw new ImportException(f.Line, stray, $"is not a field of an {type} event");
        var at = Time(f, "timestamp");
        var id = f.Text("predictionId") ?? throw new ImportException(f.Line, "predictionId", "is required");
        if (type == "outcome")
        {
            if (f.Features(schemas) is not null) throw new ImportException(f.Line, "features", "is not a field of an outcome event");
            return new ImportedEvent(f.Line, model, null, new OutcomeEvent(at, id, f.Number("label") ?? throw new ImportException(f.Line, "label", "is required")));
        }
        var latency = f.Number("latencyMs") ?? throw new ImportException(f.Line, "latencyMs", "is required");
        var level = f.Number("servedLevel") is { } l ? l == Math.Floor(l) && l is >= 1 and <= 5 ? (int)l
            : throw new ImportException(f.Line, "servedLevel", $"must be a degradation level from 1 to 5 (got {l.ToString(CultureInfo.InvariantCulture)})") : 1;
        return new ImportedEvent(f.Line, model, new PredictionEvent(at, id, f.Text("segment"), f.Number("score"), latency, level,
            f.Flag("fallback") ?? false, f.Flag("error") ?? false, f.Flag("timeout") ?? false, f.Features(schemas)), null);
    }

    /// <summary>An ISO 8601 time with a date and a time of day (an offset, else UTC).</summary>
    public static DateTimeOffset Time(IEventFields f, string field)
    {
        var text = f.Text(field) ?? throw new ImportException(f.Line, field, "is required");
        return ParseTime(text) ?? throw new ImportException(f.Line, field, $"'{text}' is not a time such as 2026-03-02T08:15:00Z");
    }

    public static DateTimeOffset? ParseTime(string text) =>
        text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;

    /// <summary>A number as the invariant culture writes it; NaN and infinities are refused (no window can hold them).</summary>
    public static double ParseNumber(int line, string field, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? double.IsFinite(value) ? value : throw new ImportException(line, field, $"must be a finite number (got {text})")
            : throw new ImportException(line, field, $"must be a number (got '{text}')");
}
