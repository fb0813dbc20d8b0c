using System.Globalization;
using System.Reflection;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// Fills the scenario's document classes from a <see cref="YamlTree"/>, field by field, so every refusal
/// names the field by its path (<c>injections[2].magnitude</c>), says what was expected in plain words
/// and where it was written. Keys are the properties' camelCase names; any other key is refused.
/// </summary>
public static class ScenarioReader
{
    public static T Read<T>(YamlNode root) where T : class, new()
    {
        var budget = new Budget();
        return (T)Bind(root, typeof(T), "", budget)!;
    }

    private static object? Bind(YamlNode node, Type type, string path, Budget budget)
    {
        budget.Visit(node, path);
        if (node is YamlScalar { IsNull: true }) return null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string)) return node is YamlScalar s ? s.Value : throw Wrong(node, path, "text");
        if (target == typeof(int)) return Number(node, path, "a whole number", text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);
        if (target == typeof(double))
            return Number(node, path, "a number", text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null);
        if (target == typeof(bool)) return Number(node, path, "true or false", text => text.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null });
        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>)) return List(node, target, path, budget);
        return Document(node, target, path, budget);
    }

    private static object List(YamlNode node, Type listType, string path, Budget budget)
    {
        if (node is not YamlList list) throw Wrong(node, path, "a list");
        var itemType = listType.GetGenericArguments()[0];
        var result = (System.Collections.IList)Activator.CreateInstance(listType)!;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            result.Add(Bind(list.Items[i], itemType, itemPath, budget) ?? throw new ScenarioException(itemPath, $"is empty: remove the '-' or give it a value ({list.Items[i].Where})"));
        }
        return result;
    }

    private static object Document(YamlNode node, Type type, string path, Budget budget)
    {
        if (node is not YamlMap map) throw Wrong(node, path, "a mapping of fields (name: value)");
        var properties = Properties(type);
        var document = Activator.CreateInstance(type)!;
        foreach (var (key, value) in map.Entries)
        {
            var field = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
            if (!properties.TryGetValue(key.Value, out var property))
                throw new ScenarioException(field, $"is not a known field; the fields here are {string.Join(", ", properties.Keys)} ({key.Where})");
            property.SetValue(document, Bind(value, property.PropertyType, field, budget));
        }
        return document;
    }

    private static object Number(YamlNode node, string path, string expected, Func<string, object?> parse) =>
        node is YamlScalar s && parse(s.Value.Trim()) is { } value ? value : throw Wrong(node, path, expected);

    private static ScenarioException Wrong(YamlNode node, string path, string expected)
    {
        var found = node switch
        {
            YamlScalar s => $"'{(s.Value.Length > 40 ? s.Value[..40] + "..." : s.Value)}'",
            YamlList => "a list",
            _ => "a mapping",
        };
        return new ScenarioException(path.Length == 0 ? "file" : path, $"must be {expected}, not {found} ({node.Where})");
    }

    private static readonly Dictionary<Type, Dictionary<string, PropertyInfo>> Known = [];

    private static Dictionary<string, PropertyInfo> Properties(Type type)
    {
        lock (Known)
        {
            if (!Known.TryGetValue(type, out var properties))
                Known[type] = properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .ToDictionary(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..], StringComparer.Ordinal);
            return properties;
        }
    }

    /// <summary>Nodes read, aliases counted each time they repeat: a file may expand only so far.</summary>
    private sealed class Budget
    {
        private int _nodes;

        public void Visit(YamlNode node, string path)
        {
            if (++_nodes > ScenarioLimits.MaxNodes)
                throw new ScenarioException(path.Length == 0 ? "file" : path,
                    $"makes the file more than {ScenarioLimits.MaxNodes:N0} values long once its aliases are repeated ({node.Where})");
        }
    }
}
