namespace Fleet.Silo.Recordings.Import;

/// <summary>
/// A CSV file as rows of cells (RFC 4180: commas, double-quoted cells with "" for a quote), its first non-blank line
/// the header. Every row must have as many cells as the header; blank lines are skipped.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(IReadOnlyList<string> header, List<(int Line, string[] Cells)> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<(int Line, string[] Cells)> Rows { get; }

    public static CsvTable Parse(string content)
    {
        string[]? header = null;
        var rows = new List<(int, string[])>();
        var lines = content.TrimStart('\uFEFF').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = Split(line, i + 1);
            if (header is null)
            {
                header = [.. cells.Select(c => c.Trim())];
                if (header.FirstOrDefault(h => header.Count(x => x == h) > 1) is { } twice) throw new ImportException(i + 1, twice, "is a column twice");
                continue;
            }
            if (cells.Length != header.Length)
                throw new ImportException(i + 1, "line", $"has {cells.Length} cells; the header names {header.Length} columns");
            rows.Add((i + 1, cells));
        }
        return new CsvTable(header ?? throw new ImportException(1, "header", "the file is empty: it needs a header line naming its columns"), rows);
    }

    private static string[] Split(string line, int number)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') cell.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else cell.Append(c);
        }
        if (quoted) throw new ImportException(number, "line", "a quoted cell is not closed");
        cells.Add(cell.ToString());
        return [.. cells];
    }
}
