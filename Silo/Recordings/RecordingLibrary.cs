using Fleet.Models;
using Fleet.Simulation.Recorded;
using Fleet.Simulation.Scenarios;
using Orleans.Serialization;

namespace Fleet.Silo.Recordings;

/// <summary>Reads stopped recordings and imports back as models a run plays (<see cref="RecordedModel"/>), one fresh set per run.</summary>
public sealed class RecordingLibrary(SqlRecordingStore store, Serializer serializer)
{
    /// <summary>The models of the recordings a scenario names; a missing or still running one is the scenario's error.</summary>
    public async Task<IReadOnlyList<RecordedModel>> LoadAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var models = new List<RecordedModel>();
        foreach (var id in ids)
        {
            var row = await store.GetAsync(id, ct) ?? throw new ScenarioException("recording", $"'{id}' is not a recording or an import (GET /api/recordings lists them)");
            if (row.State == SqlRecordingStore.Recording) throw new ScenarioException("recording", $"'{id}' is still recording: stop it first");
            var rows = await store.ModelsAsync(id, ct);
            var traffic = new List<(ModelDefinition Definition, List<Events.EventBatch> Batches)>();
            foreach (var model in rows)
                traffic.Add((serializer.Deserialize<ModelDefinition>(Convert.FromBase64String(model.Definition))!, [.. await store.BatchesAsync(model, ct)]));
            var first = traffic.SelectMany(t => t.Batches).SelectMany(b => b.Predictions.Select(p => p.Timestamp).Concat(b.Outcomes.Select(o => o.Timestamp)))
                .DefaultIfEmpty(row.CreatedAt).Min();
            // One origin for the whole recording: its models keep their times relative to each other.
            var origin = RecordedModel.MinuteOf(first);
            foreach (var (definition, batches) in traffic)
                models.Add(new RecordedModel(id, definition, origin, batches.SelectMany(b => b.Predictions), batches.SelectMany(b => b.Outcomes)));
        }
        return models;
    }
}
