using System.Text.Json;
using Fleet.Events;

namespace Fleet.Silo.Recordings.Import;

/// <summary>
/// Format events-jsonl: one JSON object per line, an event as the ingest API takes it plus "model" and "type"
/// (prediction or outcome); the format <c>fleet ingest</c> sends. Blank lines are skipped.
/// </summary>
public static class EventsJsonlReader
{
    public static List<ImportedEvent> Read(string content)
    {
        var schemas = new FeatureSchemaSet();
        var events = new List<ImportedEvent>();
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new ImportException(i + 1, "line", $"is not valid JSON ({e.Message})");
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ImportException(i + 1, "line", "must be a JSON object");
                events.Add(ImportedEvents.Build(new JsonFields(i + 1, document.RootElement), schemas));
            }
        }
        return events;
    }

    private sealed class JsonFields(int line, JsonElement root) : IEventFields
    {
        public int Line => line;

        public IEnumerable<string> Present => root.EnumerateObject().Select(p => p.Name).Where(n => n != "features");

        public string? Text(string field) => Get(field) is not { } e ? null
            : e.ValueKind == JsonValueKind.String ? Clean(field, e.GetString()!) : throw new ImportException(line, field, "must be a string");

        // JSON escapes can spell what the raw line may not hold: control and bidirectional characters are refused as the API refuses them.
        private string Clean(string field, string text) =>
            Fleet.Dashboard.Limits.TextRules.Problem(text, IngestionLimits.MaxIdLength) is { } problem ? throw new ImportException(line, field, problem) : text;

        public double? Number(string field) => Get(field) is not { } e ? null
            : e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw new ImportException(line, field, $"must be a number (got {e.GetRawText()})");

        public bool? Flag(string field) => Get(field) is not { } e ? null
            : e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw new ImportException(line, field, "must be true or false");

        public FeatureRow? Features(FeatureSchemaSet schemas)
        {
            if (Get("features") is not { } e) return null;
            if (e.ValueKind != JsonValueKind.Object) throw new ImportException(line, "features", "must be an object of feature values");
            var names = new List<string>();
            var values = new List<FeatureValue>();
            foreach (var p in e.EnumerateObject())
            {
                names.Add(Clean("features", p.Name));
                values.Add(p.Value.ValueKind switch
                {
                    JsonValueKind.Number => new FeatureValue(p.Value.GetDouble(), null),
                    JsonValueKind.String => new FeatureValue(null, Clean($"features.{p.Name}", p.Value.GetString()!)),
                    JsonValueKind.True or JsonValueKind.False => new FeatureValue(null, p.Value.GetBoolean() ? "true" : "false"),
                    JsonValueKind.Null => new FeatureValue(null, null),
                    _ => throw new ImportException(line, $"features.{p.Name}", "must be a number, a string, a boolean or null"),
                });
            }
            return new FeatureRow(schemas.For([.. names]), [.. values]);
        }

        private JsonElement? Get(string field) =>
            root.TryGetProperty(field, out var e) && e.ValueKind != JsonValueKind.Null ? e : null;
    }
}
