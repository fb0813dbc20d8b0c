using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Client.Ingestion;

/// <summary>
/// A parsed JSONL event file. Parsing is all-or-nothing: one malformed line rejects the whole file,
/// so an ingest never leaves the server with half a file it cannot be told how to finish.
/// </summary>
public sealed class EventFile
{
    private EventFile(string contentHash, IReadOnlyList<FleetEvent> events)
    {
        ContentHash = contentHash;
        Events = events;
    }

    /// <summary>First 12 hex digits of the SHA-256 of the file bytes: the stable part of every batch id.</summary>
    public string ContentHash { get; }

    /// <summary>All events in file order (blank lines skipped).</summary>
    public IReadOnlyList<FleetEvent> Events { get; }

    /// <summary>Parses and validates the whole file; throws <see cref="EventFileException"/> at the first bad line.</summary>
    public static EventFile Parse(byte[] content)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false)
            .GetString(content)
            .TrimStart('\uFEFF');

        var events = new List<FleetEvent>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
                continue;
            events.Add(ParseLine(i + 1, line));
        }

        return new EventFile(hash, events);
    }

    /// <summary>
    /// Groups events by model (models in order of first appearance, events in file order) and cuts
    /// each model's events into batches of at most <paramref name="batchSize"/>. Predictions and
    /// outcomes share a batch so an outcome never travels ahead of the prediction it labels.
    /// </summary>
    public IReadOnlyList<EventBatch> ToBatches(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        return Events
            .GroupBy(e => e.ModelId, StringComparer.Ordinal)
            .SelectMany(model => model
                .Chunk(batchSize)
                .Select((chunk, index) => new EventBatch(
                    model.Key,
                    BatchId(model.Key, index + 1),
                    index + 1,
                    chunk)))
            .ToList();
    }

    private string BatchId(string modelId, int sequence) => $"{ContentHash}-{modelId}-{sequence}";

    private static FleetEvent ParseLine(int lineNumber, string line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new EventFileException(lineNumber, $"not valid JSON ({e.Message})");
        }

        if (node is not JsonObject fields)
            throw new EventFileException(lineNumber, "expected a JSON object");

        var modelId = RequiredString(fields, "model", lineNumber);
        var kind = RequiredString(fields, "type", lineNumber) switch
        {
            "prediction" => EventKind.Prediction,
            "outcome" => EventKind.Outcome,
            var other => throw new EventFileException(
                lineNumber, $"\"type\" must be \"prediction\" or \"outcome\", not \"{other}\""),
        };

        fields.Remove("model");
        fields.Remove("type");
        return new FleetEvent(lineNumber, modelId, kind, fields);
    }

    private static string RequiredString(JsonObject fields, string name, int lineNumber)
    {
        if (!fields.TryGetPropertyValue(name, out var value) || value is null)
            throw new EventFileException(lineNumber, $"missing \"{name}\"");
        if (value.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetValue<string>()))
            throw new EventFileException(lineNumber, $"\"{name}\" must be a non-empty string");
        return value.GetValue<string>();
    }
}
