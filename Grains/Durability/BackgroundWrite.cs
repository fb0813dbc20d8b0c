namespace Fleet.Durability;

/// <summary>
/// Marks the grain state writes no answer waits for (a model's interval checkpoint), so a database writer that orders
/// its queue lets every write an answer waits for go first. The mark is ambient, flowing with the async call into the
/// storage provider: Orleans' <c>IPersistentState.WriteStateAsync</c> offers no other way to say it.
/// </summary>
public static class BackgroundWrite
{
    private static readonly AsyncLocal<bool> Marked = new();

    /// <summary>Whether the calling flow's writes were marked.</summary>
    public static bool IsMarked => Marked.Value;

    /// <summary>Marks the writes of the calling async method and of what it calls; its caller's writes stay unmarked.</summary>
    public static void Mark() => Marked.Value = true;
}
