using Fleet.Registry;

namespace Fleet.Silo.Recordings;

/// <summary>
/// Which live models a recording keeps: <c>*</c> for all of them, else comma-separated terms, each a model id or a
/// filter <c>domain=</c>, <c>team=</c> or <c>owner=</c> (filters narrow, ids list; a model must pass every filter and,
/// when ids are given, be one of them).
/// </summary>
public sealed record ModelSelector(FleetQuery Query, IReadOnlySet<string> Ids)
{
    public const int MaxLength = 2000;

    public static (ModelSelector? Selector, string? Problem) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, "is required: * for every live model, or ids and domain=, team=, owner= filters, comma-separated");
        if (text.Length > MaxLength) return (null, $"is longer than {MaxLength} characters");
        if (text.Trim() == "*") return (new ModelSelector(new FleetQuery(), new HashSet<string>()), null);
        string? domain = null, team = null, owner = null;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0) return (null, "holds an empty term");
            var at = term.IndexOf('=');
            if (at < 0)
            {
                ids.Add(term);
                continue;
            }
            var (key, value) = (term[..at].Trim(), term[(at + 1)..].Trim());
            if (value.Length == 0) return (null, $"'{term}' has no value");
            switch (key)
            {
                case "domain": domain = value; break;
                case "team": team = value; break;
                case "owner": owner = value; break;
                default: return (null, $"'{key}' is not a filter: use domain=, team= or owner=");
            }
        }
        return (new ModelSelector(new FleetQuery(domain, owner, team), ids), null);
    }

    /// <summary>The live models it selects, in id order.</summary>
    public IReadOnlyList<string> Select(FleetView fleet) =>
        [.. fleet.Models.Select(m => m.Id).Where(id => Ids.Count == 0 || Ids.Contains(id)).Order(StringComparer.Ordinal)];
}
