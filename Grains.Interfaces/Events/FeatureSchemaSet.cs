namespace Fleet.Events;

/// <summary>
/// The schemas of the rows being built from one source (a request body, a logged batch): rows that name the same
/// features in the same order share one <see cref="FeatureSchema"/>, as a model's simulated rows do, so drift reads
/// them by position. Not thread-safe; one per batch.
/// </summary>
public sealed class FeatureSchemaSet
{
    // Keyed by a hash of the ordered names, so a batch of many distinct name lists costs no quadratic scan.
    private readonly Dictionary<int, List<FeatureSchema>> _byHash = [];
    private FeatureSchema? _last;

    /// <summary>The schema of exactly these names in this order (ordinal), made on first use.</summary>
    public FeatureSchema For(ReadOnlySpan<string> names)
    {
        if (_last is { } last && last.Names.SequenceEqual(names)) return last;
        var hash = new HashCode();
        foreach (var name in names) hash.Add(name, StringComparer.Ordinal);
        var key = hash.ToHashCode();
        if (!_byHash.TryGetValue(key, out var schemas)) _byHash[key] = schemas = [];
        foreach (var schema in schemas)
        {
            if (schema.Names.SequenceEqual(names)) return _last = schema;
        }
        var made = new FeatureSchema(names.ToArray());
        schemas.Add(made);
        return _last = made;
    }
}
