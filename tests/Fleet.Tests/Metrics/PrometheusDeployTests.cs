using Fleet.Monitoring.Alerts;
using YamlDotNet.RepresentationModel;

namespace Fleet.Tests.Metrics;

/// <summary>
/// deploy/prometheus: the rules file is exactly what Fleet's default rules generate, promtool accepts it and the
/// scrape config, and the rules fire on the series Fleet exports as Fleet's own rules would (promtool test rules).
/// </summary>
public sealed class PrometheusDeployTests
{
    private static readonly string RulesPath = Repo.PathOf("deploy", "prometheus", "fleet-rules.yml");
    private static readonly string ConfigPath = Repo.PathOf("deploy", "prometheus", "prometheus.yml");

    [Fact]
    public void The_rules_file_is_what_Fleet_s_default_rules_generate()
    {
        var expected = PrometheusRulesFile.Render();
        if (Environment.GetEnvironmentVariable("FLEET_WRITE_DEPLOY") == "1") File.WriteAllText(RulesPath, expected);

        Assert.Equal(expected, File.ReadAllText(RulesPath));
    }

    [Fact]
    public void Every_default_alert_is_in_the_file_with_its_severity_or_is_named_as_not_mirrored()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(RulesPath)));
        var alerts = ((YamlSequenceNode)yaml.Documents[0].RootNode["groups"]).Children
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Children.Cast<YamlMappingNode>())
            .Where(r => r.Children.ContainsKey("alert"))
            .ToDictionary(r => ((YamlScalarNode)r["labels"]["fleet_rule"]).Value!, r => r);
        var severities = DefaultAlertRules.Set.Thresholds.Select(r => (r.Name, r.Severity))
            .Concat(DefaultAlertRules.Set.BurnRates.SelectMany(b => b.Windows.Select(w => (Name: b.AlertName(w), w.Severity))));

        foreach (var (name, severity) in severities)
        {
            if (PrometheusRulesFile.NotMirrored.ContainsKey(name)) continue;
            Assert.True(alerts.ContainsKey(name), $"{name} is neither in {PrometheusRulesFile.RelativePath} nor named as not mirrored");
            Assert.Equal(severity.ToString().ToLowerInvariant(), ((YamlScalarNode)alerts[name]["labels"]["severity"]).Value);
        }
        Assert.Equal(DefaultAlertRules.Set.AlertNames().Count() - PrometheusRulesFile.NotMirrored.Count, alerts.Count);
    }

    [Fact]
    public void Promtool_accepts_the_rules_and_the_scrape_config()
    {
        var rules = Promtool.Run($"check rules \"{RulesPath}\"");
        var config = Promtool.Run($"check config \"{ConfigPath}\"");

        Assert.True(rules.ExitCode == 0, rules.Output);
        Assert.True(config.ExitCode == 0, config.Output);
        Assert.Contains("SUCCESS", config.Output);
    }

    /// <summary>
    /// Series as Fleet writes them, one sample a minute: a model reaching level 3 pages at once (for 0); errors plus
    /// timeouts of 0.8 % + 0.4 % = 1.2 % > 1 % warn after five minutes (for 5m), not before; a drift share of 0.25
    /// stays quiet while one of 0.5 warns after ten; P95 at 95 % of its limit warns after fifteen minutes.
    /// </summary>
    [Fact]
    public void The_rules_fire_on_fleet_series_as_fleet_s_rules_would()
    {
        var dir = Directory.CreateTempSubdirectory("fleet-promtool-");
        try
        {
            File.Copy(RulesPath, Path.Combine(dir.FullName, "fleet-rules.yml"));
            string Summary(AlertRule rule, string model) => $"{model}: {rule.Description}";
            File.WriteAllText(Path.Combine(dir.FullName, "fleet-rules.test.yml"), $$"""
                rule_files: [fleet-rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - { series: 'fleet_model_level{model="m1"}', values: '1 1 3x30' }
                      - { series: 'fleet_model_error_rate{model="m2"}', values: '0.008x30' }
                      - { series: 'fleet_model_timeout_rate{model="m2"}', values: '0.004x30' }
                      - { series: 'fleet_model_drift_share{model="m3"}', values: '0.5x30' }
                      - { series: 'fleet_model_drift_share{model="m4"}', values: '0.25x30' }
                      - { series: 'fleet_model_latency_seconds{model="m5",percentile="95"}', values: '0.19x30' }
                      - { series: 'fleet_model_latency_limit_seconds{model="m5"}', values: '0.2x30' }
                    alert_rule_test:
                      - { eval_time: 1m, alertname: FleetModelDegraded, exp_alerts: [] }
                      - eval_time: 2m
                        alertname: FleetModelDegraded
                        exp_alerts:
                          - exp_labels: { model: m1, severity: page, fleet_rule: model-degraded }
                            exp_annotations: { summary: "{{Summary(DefaultAlertRules.ModelDegraded, "m1")}}" }
                      - { eval_time: 4m, alertname: FleetErrorRate, exp_alerts: [] }
                      - eval_time: 5m
                        alertname: FleetErrorRate
                        exp_alerts:
                          - exp_labels: { model: m2, severity: warning, fleet_rule: error-rate }
                            exp_annotations: { summary: "{{Summary(DefaultAlertRules.ErrorRate, "m2")}}" }
                      - { eval_time: 9m, alertname: FleetInputDrift, exp_alerts: [] }
                      - eval_time: 10m
                        alertname: FleetInputDrift
                        exp_alerts:
                          - exp_labels: { model: m3, severity: warning, fleet_rule: input-drift }
                            exp_annotations: { summary: "{{Summary(DefaultAlertRules.InputDrift, "m3")}}" }
                      - { eval_time: 14m, alertname: FleetLatencyBudget, exp_alerts: [] }
                      - eval_time: 15m
                        alertname: FleetLatencyBudget
                        exp_alerts:
                          - exp_labels: { model: m5, severity: warning, fleet_rule: latency-budget }
                            exp_annotations: { summary: "{{Summary(DefaultAlertRules.LatencyBudget, "m5")}}" }
                """);

            var (exitCode, output) = Promtool.Run($"test rules \"{Path.Combine(dir.FullName, "fleet-rules.test.yml")}\"");

            Assert.True(exitCode == 0, $"promtool test rules exited {exitCode}:\n{output}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
