using System.Globalization;

namespace Fleet.Benchmarks;

/// <summary>What a figure must be to pass: a readable statement and the test it stands for.</summary>
internal sealed record Bar(string Text, Func<double, bool> Holds)
{
    public static Bar AtLeast(double limit, string text) => new(text, v => v >= limit);

    public static Bar Below(double limit, string text) => new(text, v => v < limit);

    public static Bar AtMost(double limit, string text) => new(text, v => v <= limit);
}

internal enum Verdict { Pass, Fail, NoBar, NotMeasured }

/// <summary>
/// One line of the final report: a measured value, the bar it is held to (if any), the verdict, and the CPU that
/// other processes took while it was measured. Values are only ever what was measured in this run.
/// </summary>
internal sealed record Figure(string Part, string Name, int? Models, double Value, string Unit, Bar? Bar, double OtherCores, string Detail, bool Projected = false)
{
    public Verdict Verdict => double.IsNaN(Value) ? Verdict.NotMeasured
        : Bar is null ? Verdict.NoBar
        : Bar.Holds(Value) ? Verdict.Pass : Verdict.Fail;

    public static Figure NotMeasured(string part, string name, int? models, Bar? bar, string why) =>
        new(part, name, models, double.NaN, "", bar, double.NaN, why);

    public string FormattedValue => double.IsNaN(Value) ? "not measured"
        : (Unit switch
        {
            "×" => Value.ToString("F2", CultureInfo.InvariantCulture) + " ×",
            "s" or "ms" => Value.ToString(Value < 10 ? "F2" : "N0", CultureInfo.InvariantCulture) + " " + Unit,
            _ => Value.ToString("N0", CultureInfo.InvariantCulture) + (Unit.Length > 0 ? " " + Unit : ""),
        }) + (Projected ? " (projected)" : "");

    public string FormattedVerdict => Verdict switch
    {
        Verdict.Pass => Projected ? "PASS (projected)" : "PASS",
        Verdict.Fail => Projected ? "FAIL (projected)" : "FAIL",
        Verdict.NotMeasured => "not measured",
        _ => "–",
    };
}

/// <summary>Collects figures as the parts run, in the order they were measured.</summary>
internal sealed class FigureBook
{
    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure) => _figures.Add(figure);

    public int Failed => _figures.Count(f => f.Verdict == Verdict.Fail);
}
