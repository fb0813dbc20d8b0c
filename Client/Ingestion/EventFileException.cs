namespace Fleet.Client.Ingestion;

/// <summary>A line of an event file that cannot be ingested; names the line so it can be fixed.</summary>
public sealed class EventFileException(int lineNumber, string reason)
    : Exception($"line {lineNumber}: {reason}")
{
    public int LineNumber { get; } = lineNumber;
    public string Reason { get; } = reason;
}
