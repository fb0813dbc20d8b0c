namespace Fleet.Events;

/// <summary>Tests write features as dictionary literals; events carry them as a <see cref="FeatureRow"/> in the same order.</summary>
public static class FeatureRowTestExtensions
{
    public static FeatureRow ToRow(this IEnumerable<KeyValuePair<string, FeatureValue>> features)
    {
        if (features is FeatureRow row) return row;
        var pairs = features.ToArray();
        return new FeatureRow(new FeatureSchema(pairs.Select(p => p.Key)), pairs.Select(p => p.Value).ToArray());
    }
}
