namespace Fleet.Silo.Recordings.Import;

/// <summary>One model's figures over one minute, as a metrics export states them.</summary>
/// <param name="Quality">The model's quality metric over the minute's predictions (accuracy, precision, recall, relevance: 0 to 1; MAE: >= 0); null: no labels.</param>
/// <param name="Drift">Per feature, how far its mean moved from usual, in standard deviations (0: as usual).</param>
public sealed record MinuteMetrics(int Line, string Model, DateTimeOffset Minute, int Volume, int Errors, int Timeouts,
    double P50, double P95, double P99, double? Quality, IReadOnlyList<(string Feature, double Shift)> Drift);

/// <summary>
/// Format metrics-csv: per model and minute, the figures a Prometheus or warehouse export has: columns minute, model,
/// volume, errors, timeouts, latencyP50, latencyP95, latencyP99 (milliseconds), optional quality and
/// <c>drift.&lt;feature&gt;</c> columns. <see cref="MetricsSynthesizer"/> turns each row into events that reproduce it.
/// </summary>
public static class MetricsCsvReader
{
    public const string DriftPrefix = "drift.";
    public const int MaxVolumePerMinute = 60_000;
    public const double MaxDriftShift = 10;

    private static readonly string[] Required = ["minute", "model", "volume", "errors", "timeouts", "latencyP50", "latencyP95", "latencyP99"];
    private static readonly string[] Optional = ["quality"];

    public static List<MinuteMetrics> Read(string content)
    {
        var table = CsvTable.Parse(content);
        foreach (var column in table.Header)
        {
            if (column.StartsWith(DriftPrefix, StringComparison.Ordinal) && column.Length > DriftPrefix.Length) continue;
            if (!Required.Contains(column) && !Optional.Contains(column))
                throw new ImportException(1, column, $"is not a column of metrics-csv: use {string.Join(", ", Required.Concat(Optional))} and drift.<feature>");
        }
        foreach (var column in Required)
            if (!table.Header.Contains(column)) throw new ImportException(1, column, "is a required column");

        var rows = new List<MinuteMetrics>();
        var seen = new HashSet<(string, DateTimeOffset)>();
        foreach (var (line, cells) in table.Rows)
        {
            string Cell(string column) => table.Header.Contains(column) ? cells[IndexOf(table.Header, column)].Trim() : "";
            string Required(string column) => Cell(column) is { Length: > 0 } text ? text : throw new ImportException(line, column, "is required");
            double Number(string column) => ImportedEvents.ParseNumber(line, column, Required(column));
            int Count(string column, int max)
            {
                var value = Number(column);
                return value == Math.Floor(value) && value >= 0 && value <= max ? (int)value
                    : throw new ImportException(line, column, $"must be a whole number from 0 to {max:N0} (got {Required(column)})");
            }

            var text = Required("minute");
            var minute = ImportedEvents.ParseTime(text) is { } at && at.UtcTicks % TimeSpan.TicksPerMinute == 0 ? at
                : throw new ImportException(line, "minute", $"'{text}' is not the start of a minute such as 2026-03-02T08:15:00Z");
            var model = Required("model");
            if (!seen.Add((model, minute))) throw new ImportException(line, "minute", $"{minute:u} of '{model}' is given twice");
            var volume = Count("volume", MaxVolumePerMinute);
            var errors = Count("errors", volume);
            var timeouts = Count("timeouts", volume - errors);
            var (p50, p95, p99) = (Number("latencyP50"), Number("latencyP95"), Number("latencyP99"));
            if (p50 < 0) throw new ImportException(line, "latencyP50", "must be >= 0");
            if (p95 < p50) throw new ImportException(line, "latencyP95", "must be >= latencyP50");
            if (p99 < p95) throw new ImportException(line, "latencyP99", "must be >= latencyP95");
            double? quality = Cell("quality").Length > 0 ? Number("quality") : null;
            if (quality < 0) throw new ImportException(line, "quality", "must be >= 0");
            var drift = new List<(string, double)>();
            foreach (var column in table.Header.Where(c => c.StartsWith(DriftPrefix, StringComparison.Ordinal)))
            {
                if (Cell(column).Length == 0) continue;
                var shift = Number(column);
                if (Math.Abs(shift) > MaxDriftShift) throw new ImportException(line, column, $"must be from -{MaxDriftShift} to {MaxDriftShift} standard deviations");
                drift.Add((column[DriftPrefix.Length..], shift));
            }
            rows.Add(new MinuteMetrics(line, model, minute, volume, errors, timeouts, p50, p95, p99, quality, drift));
        }
        return rows;
    }

    private static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++) if (header[i] == column) return i;
        return -1;
    }
}
