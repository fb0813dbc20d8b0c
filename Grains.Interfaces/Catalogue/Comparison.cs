namespace Fleet.Monitoring.Alerts;

/// <summary>How an alert rule compares its signal with its threshold; the condition holds when the comparison is true.</summary>
public enum Comparison
{
    /// <summary><c>&gt;</c></summary>
    Above,
    /// <summary><c>&gt;=</c></summary>
    AtOrAbove,
    /// <summary><c>&lt;</c></summary>
    Below,
    /// <summary><c>&lt;=</c></summary>
    AtOrBelow,
}

public static class Comparisons
{
    public static bool Holds(this Comparison comparison, double value, double threshold) => comparison switch
    {
        Comparison.Above => value > threshold,
        Comparison.AtOrAbove => value >= threshold,
        Comparison.Below => value < threshold,
        Comparison.AtOrBelow => value <= threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
    };

    /// <summary>The operator as written in a rule: "&gt;", "&gt;=", "&lt;", "&lt;=".</summary>
    public static string Symbol(this Comparison comparison) => comparison switch
    {
        Comparison.Above => ">",
        Comparison.AtOrAbove => ">=",
        Comparison.Below => "<",
        Comparison.AtOrBelow => "<=",
        _ => comparison.ToString(),
    };

    /// <summary>Reads "&gt;", "&gt;=", "&lt;", "&lt;=" (or the enum names), for rules written in the API or the CLI.</summary>
    public static bool TryParse(string? text, out Comparison comparison)
    {
        foreach (var candidate in Enum.GetValues<Comparison>())
        {
            if (text == candidate.Symbol() || string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                comparison = candidate;
                return true;
            }
        }
        comparison = default;
        return false;
    }
}
