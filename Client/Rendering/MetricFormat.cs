using System.Globalization;

namespace Fleet.Client.Rendering;

/// <summary>One place deciding how numbers look, so tables agree and "-" always means "no data".</summary>
public static class MetricFormat
{
    public const string Missing = "-";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Count(long? value) => value?.ToString("N0", Invariant) ?? Missing;

    /// <summary>Quality is shown as the server reports it; its scale depends on the model's metric.</summary>
    public static string Quality(double? value) => value?.ToString("0.000", Invariant) ?? Missing;

    public static string Milliseconds(double? value) => value?.ToString("0.#", Invariant) ?? Missing;

    /// <summary>Rates arrive as fractions (0.012) and read better as percent (1.20%).</summary>
    public static string Percent(double? fraction) =>
        fraction is null ? Missing : (fraction.Value * 100).ToString("0.00", Invariant) + "%";

    public static string Number(double? value) => value?.ToString("0.###", Invariant) ?? Missing;

    public static string List(IReadOnlyList<string>? items) =>
        items is null || items.Count == 0 ? Missing : string.Join(", ", items);

    /// <summary>An enum value by its name on the wire (the API's camelCase: firing, platformOnCall).</summary>
    public static string Name(Enum value) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>A duration as days.hours:minutes:seconds (the API's own form), e.g. 00:05:00.</summary>
    public static string Duration(TimeSpan? span) => span?.ToString("c", Invariant) ?? Missing;

    public static string Time(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant) ?? Missing;
}
