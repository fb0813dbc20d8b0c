using Fleet.Events;

namespace Fleet.Silo.Recordings.Import;

/// <summary>
/// Format events-csv: a header naming the ingest API's fields (model, type, timestamp, predictionId, segment, score,
/// latencyMs, servedLevel, fallback, error, timeout, label) and <c>features.&lt;name&gt;</c> columns; a row per
/// event, an empty cell for a field it does not give. A feature cell that reads as a finite number is a number,
/// else a category.
/// </summary>
public static class EventsCsvReader
{
    public const string FeaturePrefix = "features.";

    public static List<ImportedEvent> Read(string content)
    {
        var table = CsvTable.Parse(content);
        foreach (var column in table.Header)
        {
            if (column.StartsWith(FeaturePrefix, StringComparison.Ordinal) && column.Length > FeaturePrefix.Length) continue;
            if (!ImportedEvents.AllFields.Contains(column))
                throw new ImportException(1, column, $"is not a column of events-csv: use {string.Join(", ", ImportedEvents.AllFields)} and features.<name>");
        }
        foreach (var required in new[] { "model", "type", "timestamp", "predictionId" })
            if (!table.Header.Contains(required)) throw new ImportException(1, required, "is a required column");
        var schemas = new FeatureSchemaSet();
        return [.. table.Rows.Select(row => ImportedEvents.Build(new CsvFields(table.Header, row.Line, row.Cells), schemas))];
    }

    private sealed class CsvFields(IReadOnlyList<string> header, int line, string[] cells) : IEventFields
    {
        public int Line => line;

        public IEnumerable<string> Present =>
            header.Where((name, i) => cells[i].Length > 0 && !name.StartsWith(FeaturePrefix, StringComparison.Ordinal));

        public string? Text(string field) => Cell(field);

        public double? Number(string field) => Cell(field) is { } text ? ImportedEvents.ParseNumber(line, field, text) : null;

        public bool? Flag(string field) => Cell(field) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var text => throw new ImportException(line, field, $"must be true or false (got '{text}')"),
        };

        public FeatureRow? Features(FeatureSchemaSet schemas)
        {
            var names = new List<string>();
            var values = new List<FeatureValue>();
            for (var i = 0; i < header.Count; i++)
            {
                if (!header[i].StartsWith(FeaturePrefix, StringComparison.Ordinal) || cells[i].Length == 0) continue;
                names.Add(header[i][FeaturePrefix.Length..]);
                var text = cells[i];
                values.Add(double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
                    ? new FeatureValue(n, null) : new FeatureValue(null, text));
            }
            return names.Count == 0 ? null : new FeatureRow(schemas.For([.. names]), [.. values]);
        }

        private string? Cell(string field)
        {
            for (var i = 0; i < header.Count; i++)
                if (header[i] == field) return cells[i].Length == 0 ? null : cells[i].Trim();
            return null;
        }
    }
}
