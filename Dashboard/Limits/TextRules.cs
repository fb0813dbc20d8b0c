using System.Collections;
using System.Reflection;
using Fleet.Dashboard.Api;

namespace Fleet.Dashboard.Limits;

/// <summary>
/// What a string from a request may hold: bounded length, no control characters (a line break only in
/// free text) and no bidirectional overrides (they make a log line or a terminal show what is not there).
/// </summary>
public static class TextRules
{
    public const int MaxIdLength = 128;
    public const int MaxNameLength = 200;
    public const int MaxReasonLength = 1000;
    public const int MaxListLength = 1000;

    /// <summary>The reason a text is refused, or null when it is clean. Line breaks and tabs are allowed only in free text.</summary>
    public static string? Problem(string text, int maxLength, bool freeText = false)
    {
        if (text.Length > maxLength) return $"is longer than {maxLength} characters";
        foreach (var c in text)
        {
            if (freeText && c is '\n' or '\r' or '\t') continue;
            if (char.IsControl(c)) return $"must not contain control characters (found U+{(int)c:X4})";
            if (IsBidiControl(c)) return $"must not contain bidirectional control characters (found U+{(int)c:X4})";
        }
        return null;
    }

    /// <summary>Unicode's explicit directional formatting characters (UAX #9) and the marks.</summary>
    public static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// Checks the string and list properties of a request body's top level: reasons up to
    /// <see cref="MaxReasonLength"/>, scenario text and threshold overrides (YAML) left to their loaders' own limits, every other
    /// string up to <see cref="MaxNameLength"/>, lists of strings up to <see cref="MaxListLength"/> items.
    /// </summary>
    public static ApiError? Check(object body)
    {
        foreach (var property in body.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var field = JsonName(property.Name);
            switch (property.GetValue(body))
            {
                case string text when field is not ("scenario" or "thresholds"):
                    var free = field == "reason";
                    if (Problem(text, free ? MaxReasonLength : MaxNameLength, free) is { } problem) return ApiError.For(field, problem);
                    break;
                case IEnumerable<string?> list:
                    var i = 0;
                    foreach (var item in list)
                    {
                        if (i >= MaxListLength) return ApiError.For(field, $"holds more than {MaxListLength} items");
                        if (item is not null && Problem(item, MaxNameLength) is { } itemProblem) return ApiError.For($"{field}[{i}]", itemProblem);
                        i++;
                    }
                    break;
            }
        }
        return null;
    }

    private static string JsonName(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
