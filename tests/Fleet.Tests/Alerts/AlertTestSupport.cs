using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;

namespace Fleet.Tests.Alerts;

/// <summary>Event times, signals and hand-made rules for the alert tests; nothing here reads a clock.</summary>
internal static class AlertTest
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Min(double minutes) => T0.AddMinutes(minutes);

    /// <summary>Readings by their written keys ("errorRate@5m"); a key no reading is declared as fails the test.</summary>
    public static ModelReadings Signals(params (string Name, double? Value)[] values) =>
        Of(values.Select(v => KeyValuePair.Create(v.Name, v.Value)));

    public static ModelReadings Of(IEnumerable<KeyValuePair<string, double?>> values)
    {
        var readings = new ModelReadings();
        foreach (var (name, value) in values)
            readings[Readings.Find(name) ?? throw new ArgumentException($"no reading is declared as '{name}'", nameof(values))] = value;
        return readings;
    }

    public static ModelReadings ErrorRate(double? value) => Signals(("errorRate@5m", value));

    /// <summary>"errorRate@5m &gt; 0.01", the shape every life-cycle test uses unless it needs another.</summary>
    public static AlertRule ErrorRule(TimeSpan? @for = null, TimeSpan? keep = null, AlertSeverity severity = AlertSeverity.Page,
        AlertScope? scope = null, string name = "error-rate") =>
        new(name, Readings.ErrorRate.At(WindowSpan.FiveMinutes), Comparison.Above, 0.01, @for ?? TimeSpan.Zero, keep ?? TimeSpan.Zero, severity,
            scope ?? AlertScope.Fleet, "error rate too high");

    public static AlertEvaluator Evaluator(params AlertRule[] rules) => new(new AlertRuleSet(rules, []));

    public static ModelInfo Model(string id, string domain = "fraud", string? owner = "alice", string? team = "risk",
        params string[] sources) => new(id, domain, owner, team, sources);

    public static TimeSpan Minutes(double m) => TimeSpan.FromMinutes(m);
}

/// <summary>
/// Drives a real <see cref="AlertEvaluator"/> and an <see cref="AlertBook"/> together, as the grains will:
/// every transition of an evaluation goes into the book, and every notification is collected.
/// </summary>
internal sealed class AlertDesk(AlertRuleSet rules, AlertBookOptions? options = null)
{
    public AlertEvaluator Evaluator { get; } = new(rules);
    public AlertBook Book { get; } = new(options ?? AlertBookOptions.Default);
    public List<Notification> Notifications { get; } = [];
    public List<AlertTransition> Transitions { get; } = [];

    public AlertDesk(params AlertRule[] rules) : this(new AlertRuleSet(rules, [])) { }

    public void Evaluate(ModelInfo model, ModelReadings signals, DateTimeOffset now)
    {
        foreach (var t in Evaluator.Evaluate(model.Id, model.Domain, signals, now))
        {
            Transitions.Add(t);
            Notifications.AddRange(Book.Apply(t, model));
        }
    }

    public IReadOnlyList<Notification> Tick(DateTimeOffset now)
    {
        var due = Book.Tick(now);
        Notifications.AddRange(due);
        return due;
    }
}
