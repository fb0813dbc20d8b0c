namespace Fleet.Silo.Recordings.Import;

/// <summary>Why a file cannot be imported: its line (1-based; 0 for the file as a whole), the field and the reason.</summary>
public sealed class ImportException(int line, string field, string reason) : Exception($"line {line}: {field}: {reason}")
{
    public int Line { get; } = line;
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}

/// <summary>One event of an imported file, with the line it came from (to name it when the model or a value is refused).</summary>
public sealed record ImportedEvent(int Line, string Model, Fleet.Events.PredictionEvent? Prediction, Fleet.Events.OutcomeEvent? Outcome);
