using System.Text.Json.Nodes;

namespace Fleet.Client.Ingestion;

/// <summary>Whether an event records a prediction served or the outcome later observed for it.</summary>
public enum EventKind
{
    Prediction,
    Outcome,
}

/// <summary>
/// One line of an event file: the model it belongs to, its kind, and its fields exactly as written
/// (minus the routing properties "model" and "type", which the API carries in the URL and array).
/// </summary>
public sealed record FleetEvent(int LineNumber, string ModelId, EventKind Kind, JsonObject Fields);
