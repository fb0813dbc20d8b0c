using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Client.Ingestion;

/// <summary>
/// Up to batch-size events of one model, sent in one POST. The id is derived from the file content,
/// the model and the batch's position, so re-sending the same file lets the server spot duplicates.
/// </summary>
public sealed record EventBatch(string ModelId, string BatchId, int Sequence, IReadOnlyList<FleetEvent> Events)
{
    public int FirstLine => Events[0].LineNumber;
    public int LastLine => Events[^1].LineNumber;
    public int PredictionCount => Events.Count(e => e.Kind == EventKind.Prediction);
    public int OutcomeCount => Events.Count(e => e.Kind == EventKind.Outcome);

    /// <summary>The request body of POST /api/models/{id}/events.</summary>
    public string ToJson()
    {
        var body = new JsonObject
        {
            ["batchId"] = BatchId,
            ["predictions"] = FieldsOf(EventKind.Prediction),
            ["outcomes"] = FieldsOf(EventKind.Outcome),
        };
        return body.ToJsonString();
    }

    private JsonArray FieldsOf(EventKind kind) =>
        new(Events.Where(e => e.Kind == kind).Select(e => (JsonNode)e.Fields.DeepClone()).ToArray());
}
