using Fleet.Events;
using Fleet.Tests.Drift;

namespace Fleet.Tests.Simulation;

/// <summary>
/// A <see cref="FeatureRow"/> is read exactly as a dictionary filled in the schema's order would be:
/// the same pairs in the same order, the same lookups and the same errors, whether the schema is scanned (few names)
/// or indexed (many); it cannot be changed after it is made, and it crosses silos with Orleans' serializer.
/// </summary>
public sealed class FeatureRowTests
{
    public static TheoryData<int> Widths => [0, 1, 5, 8, 9, 40];

    /// <summary>Names and values of every kind: numbers, categories, missing, a non-finite number (ingestion refuses it, the row must keep it).</summary>
    private static (FeatureSchema Schema, FeatureValue[] Values, Dictionary<string, FeatureValue> Dictionary) Make(int width)
    {
        var names = Enumerable.Range(0, width).Select(i => i % 3 == 0 ? $"f{i}" : $"feature_{i}").ToArray();
        var values = Enumerable.Range(0, width).Select(i => (i % 4) switch
        {
            0 => new FeatureValue(i * 1.5 - 3, null),
            1 => new FeatureValue(null, $"c{i}"),
            2 => new FeatureValue(null, null),
            _ => new FeatureValue(i == 3 ? double.NaN : -i, null),
        }).ToArray();
        var dictionary = new Dictionary<string, FeatureValue>(StringComparer.Ordinal);
        for (var i = 0; i < width; i++) dictionary[names[i]] = values[i];
        return (new FeatureSchema(names), values, dictionary);
    }

    [Theory, MemberData(nameof(Widths))]
    public void Reads_like_the_dictionary_filled_in_the_same_order(int width)
    {
        var (schema, values, dictionary) = Make(width);
        IReadOnlyDictionary<string, FeatureValue> row = new FeatureRow(schema, values);

        Assert.Equal(dictionary.Count, row.Count);
        Assert.Equal(dictionary.ToList(), row.ToList()); // pairs and order
        Assert.Equal(dictionary.Keys, row.Keys);
        Assert.Equal(dictionary.Values, row.Values);
        foreach (var (name, value) in dictionary)
        {
            Assert.True(row.ContainsKey(name));
            Assert.True(row.TryGetValue(name, out var found));
            Assert.Equal(value, found);
            Assert.Equal(value, row[name]);
        }
        foreach (var absent in new[] { "", "f", "F0", "f0 ", "feature_", "missing" })
        {
            Assert.False(row.ContainsKey(absent));
            Assert.False(row.TryGetValue(absent, out var none));
            Assert.Equal(default, none);
            Assert.Throws<KeyNotFoundException>(() => row[absent]);
        }
        Assert.Throws<ArgumentNullException>(() => row.TryGetValue(null!, out _));
        Assert.Throws<ArgumentNullException>(() => dictionary.TryGetValue(null!, out _));
    }

    [Fact]
    public void Its_enumerator_walks_once_stops_at_the_end_and_starts_over_on_reset()
    {
        var (schema, values, _) = Make(3);
        var enumerator = new FeatureRow(schema, values).GetEnumerator();
        var seen = new List<string>();
        while (enumerator.MoveNext()) seen.Add(enumerator.Current.Key);
        Assert.Equal(["f0", "feature_1", "feature_2"], seen);
        Assert.False(enumerator.MoveNext());
        Assert.False(enumerator.MoveNext()); // stays at the end
        enumerator.Reset();
        Assert.True(enumerator.MoveNext());
        Assert.Equal("f0", enumerator.Current.Key);
    }

    [Fact]
    public void Rows_of_one_schema_share_its_names_but_not_their_values()
    {
        var schema = new FeatureSchema(["x", "region"]);
        var scratch = new[] { new FeatureValue(1, null), new FeatureValue(null, "eu") };
        var first = new FeatureRow(schema, scratch);
        scratch[0] = new FeatureValue(2, null); // the generator refills one buffer for every row
        scratch[1] = new FeatureValue(null, "us");
        var second = new FeatureRow(schema, scratch);

        Assert.Same(first.Schema, second.Schema);
        Assert.Equal(1, first["x"].Number);
        Assert.Equal("eu", first["region"].Category);
        Assert.Equal(2, second["x"].Number);
        Assert.Equal("us", second["region"].Category);
    }

    [Fact]
    public void What_it_hands_out_cannot_change_it()
    {
        var (schema, values, _) = Make(5);
        var row = new FeatureRow(schema, values);
        var asDictionary = (IReadOnlyDictionary<string, FeatureValue>)row;

        if (asDictionary.Values is FeatureValue[] handedValues) handedValues[0] = new FeatureValue(99, null);
        if (asDictionary.Values is IList<FeatureValue> list) Assert.Throws<NotSupportedException>(() => list[0] = new FeatureValue(99, null));
        if (asDictionary.Keys is string[] handedKeys) handedKeys[0] = "changed";

        Assert.Equal(values[0], row["f0"]);
        Assert.Equal("f0", row.Schema[0]);
        Assert.Equal(values, row.Values.ToArray());
    }

    [Fact]
    public void A_schema_refuses_what_a_dictionary_could_not_hold_and_a_row_the_wrong_number_of_values()
    {
        var twice = Assert.Throws<ArgumentException>(() => new FeatureSchema(["a", "b", "a"]));
        Assert.Contains("'a' is named twice", twice.Message);
        var nullName = Assert.Throws<ArgumentException>(() => new FeatureSchema(["a", null!]));
        Assert.Contains("feature name 1 is null", nullName.Message);
        Assert.Throws<ArgumentNullException>(() => new FeatureSchema(null!));

        var schema = new FeatureSchema(["a", "b"]);
        var wrong = Assert.Throws<ArgumentException>(() => new FeatureRow(schema, [new FeatureValue(1, null)]));
        Assert.Contains("1 values for the schema's 2 feature names", wrong.Message);
        Assert.Throws<ArgumentNullException>(() => new FeatureRow(null!, []));
        // Names differing only in case are two features, as in an ordinal dictionary.
        var cased = new FeatureRow(new FeatureSchema(["A", "a"]), [new FeatureValue(1, null), new FeatureValue(2, null)]);
        Assert.Equal(1, cased["A"].Number);
        Assert.Equal(2, cased["a"].Number);
    }

    [Fact]
    public void A_batch_of_rows_crosses_silos_whole_and_its_rows_still_share_one_schema()
    {
        var (schema, values, dictionary) = Make(9);
        var at = DateTimeOffset.Parse("2025-01-06T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var predictions = Enumerable.Range(0, 3).Select(i =>
            new PredictionEvent(at.AddSeconds(i), $"p-{i}", "18-24", 0.5, 12, 1, false, false, false, new FeatureRow(schema, values))).ToList();
        var batch = new EventBatch("b-1", at, predictions, []);

        var copy = OrleansRoundTrip.Copy(batch);

        Assert.Equal(3, copy.Predictions.Count);
        var rows = copy.Predictions.Select(p => Assert.IsType<FeatureRow>(p.Features)).ToList();
        Assert.All(rows, row => Assert.Equal(dictionary.ToList(), row.ToList()));
        Assert.True(double.IsNaN(rows[0]["f3"].Number!.Value));
        // One schema written once and read back once: drift's per-schema plan holds across the copied batch.
        Assert.Same(rows[0].Schema, rows[1].Schema);
        Assert.Same(rows[0].Schema, rows[2].Schema);
        // Nine names are looked up through the index, which is not serialized: it is rebuilt on the copy.
        Assert.Equal(dictionary["feature_8"], rows[2]["feature_8"]);
        Assert.False(rows[2].ContainsKey("feature_9"));
    }
}
