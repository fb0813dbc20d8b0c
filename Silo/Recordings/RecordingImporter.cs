using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring.Ingestion;
using Fleet.Recordings;
using Fleet.Silo.Recordings.Import;
using Fleet.Silo.Storage.BatchLog;
using Orleans.Serialization;

namespace Fleet.Silo.Recordings;

/// <summary>What an import stores: its models (definitions taken from the live fleet) and their encoded batches.</summary>
public sealed record ImportedRecording(IReadOnlyList<RecordingModelRow> Models, IReadOnlyList<(string LogKey, long Position, byte[] Payload)> Batches);

/// <summary>
/// Reads a whole file in one of <see cref="ImportFormats"/>, checks every event as the ingest path checks a batch
/// (the same validator), and cuts each model's events into batches of the batch log's form. Any problem refuses the
/// file whole, naming its line, field and reason: nothing is stored.
/// </summary>
public sealed class RecordingImporter(IGrainFactory grains, Serializer serializer)
{
    /// <summary>Events one file may make (a metrics file's volumes count): bounds the memory an import and its run take.</summary>
    public const int MaxEvents = 2_000_000;

    private const int EventsPerBatch = 1_000;

    public async Task<(ImportedRecording? Import, ImportProblem? Problem)> ReadAsync(string id, string format, string content, CancellationToken ct)
    {
        if (!ImportFormats.All.Contains(format))
            return (null, new ImportProblem(null, "format", $"must be one of {string.Join(", ", ImportFormats.All)}"));
        try
        {
            var definitions = new Dictionary<string, ModelDefinition>(StringComparer.Ordinal);
            List<ImportedEvent> events;
            if (format == ImportFormats.MetricsCsv)
            {
                var minutes = MetricsCsvReader.Read(content);
                if (minutes.Sum(m => (long)m.Volume) * 2 > MaxEvents)
                    throw new ImportException(0, "volume", $"the file's volumes would make more than {MaxEvents:N0} events");
                events = [];
                foreach (var minute in minutes)
                    events.AddRange(MetricsSynthesizer.Events(minute, await DefinitionAsync(definitions, minute.Model, minute.Line)));
            }
            else
            {
                events = format == ImportFormats.EventsJsonl ? EventsJsonlReader.Read(content) : EventsCsvReader.Read(content);
                if (events.Count > MaxEvents) throw new ImportException(0, "file", $"holds {events.Count:N0} events; at most {MaxEvents:N0}");
                foreach (var e in events) Check(e);
                foreach (var e in events) await DefinitionAsync(definitions, e.Model, e.Line);
            }
            if (events.Count == 0) throw new ImportException(0, "file", "holds no event");
            return (Store(id, events, definitions), null);
        }
        catch (ImportException e)
        {
            return (null, new ImportProblem(e.Line == 0 ? null : e.Line, e.Field, e.Reason));
        }
    }

    /// <summary>One event checked by the ingest path's validator, its refusal named by the file's line and the event's field.</summary>
    private static void Check(ImportedEvent e)
    {
        var at = e.Prediction?.Timestamp ?? e.Outcome!.Timestamp;
        var batch = new EventBatch("import", at, e.Prediction is { } p ? [p] : [], e.Outcome is { } o ? [o] : []);
        if (EventBatchValidator.Validate(batch, 0) is { } error)
            throw new ImportException(e.Line, error.Field[(error.Field.IndexOf(']') + 1)..].TrimStart('.') is { Length: > 0 } field ? field : error.Field, error.Reason);
    }

    /// <summary>The live model's definition (the run registers it); an id the live fleet does not have refuses the file.</summary>
    private async Task<ModelDefinition> DefinitionAsync(Dictionary<string, ModelDefinition> known, string model, int line)
    {
        if (known.TryGetValue(model, out var definition)) return definition;
        if (model.Length > IngestionLimits.MaxIdLength || model.Contains(World.Separator)
            || !await grains.Registry(World.Live).Contains(model) || await grains.Model(World.Live, model).GetSnapshot() is not { } snapshot)
            throw new ImportException(line, "model", $"'{model}' is not a live model: register it first (PUT /api/models/{{id}}), its definition is the run's");
        return known[model] = snapshot.Definition;
    }

    private ImportedRecording Store(string id, List<ImportedEvent> events, Dictionary<string, ModelDefinition> definitions)
    {
        var models = new List<RecordingModelRow>();
        var batches = new List<(string, long, byte[])>();
        foreach (var group in events.GroupBy(e => e.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var key = LogKey(id, group.Key);
            long position = 0;
            foreach (var chunk in group.Chunk(EventsPerBatch))
            {
                var predictions = chunk.Where(e => e.Prediction is not null).Select(e => e.Prediction!).ToList();
                var outcomes = chunk.Where(e => e.Outcome is not null).Select(e => e.Outcome!).ToList();
                var sentAt = predictions.Select(p => p.Timestamp).Concat(outcomes.Select(o => o.Timestamp)).Max();
                position++;
                batches.Add((key, position, BatchCodec.Encode(new EventBatch($"{id}:{group.Key}:{position}", sentAt, predictions, outcomes))));
            }
            models.Add(new RecordingModelRow(group.Key, key, 1, position, Convert.ToBase64String(serializer.SerializeToArray(definitions[group.Key]))));
        }
        return new ImportedRecording(models, batches);
    }

    /// <summary>An import's batches are kept under a key no model grain has ('#' is in no world's name).</summary>
    public static string LogKey(string import, string model) => $"import#{import}{World.Separator}{model}";
}
