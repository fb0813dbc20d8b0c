namespace Fleet.Tests.Worlds;

/// <summary>Small scenarios whose runs move levels, raise alerts, group an incident and act on it, so a digest or a book has something to differ in.</summary>
internal static class WorldScenarios
{
    /// <summary>
    /// Six models over 80 minutes from a fixed start (a run started twice on a silo keeps its event times):
    /// the user-profile service fails for half an hour (the recommenders fall and group into one incident,
    /// which the on-call acknowledges), and a fraud model times out.
    /// </summary>
    public const string Outage = """
        name: world-outage
        seed: 11
        start: 2026-01-05T00:00:00Z
        duration: 80m
        fleet:
          - { domain: recommendations, count: 3, dataSources: [clickstream, user-profile] }
          - { domain: fraud, count: 3, dataSources: [transactions] }
        traffic: { rate: 4, shape: flat, labelDelay: 1m }
        injections:
          - { name: profile-outage, at: 15m, fault: upstream-outage, targets: { dataSource: user-profile }, magnitude: 0.9, duration: 30m }
          - { name: slow, at: 10m, fault: timeouts, targets: { ids: [fraud-002] }, magnitude: 0.2, duration: 20m }
        actions:
          - { at: 25m, action: acknowledge, targets: { dataSource: user-profile }, by: oncall, reason: looking }
        """;

    /// <summary>Another fleet (other domains, other ids, a shorter hour) standing in for the demo or the live fleet beside the runs.</summary>
    public const string Other = """
        name: world-other
        seed: 3
        start: 2026-01-05T00:00:00Z
        duration: 50m
        fleet:
          - { domain: credit, count: 2, dataSources: [bureau] }
          - { domain: spam, count: 2, dataSources: [mail-headers] }
        traffic: { rate: 4, shape: flat, labelDelay: 1m }
        injections:
          - { name: errors, at: 10m, fault: serving-outage, targets: { ids: [credit-001] }, magnitude: 0.6, duration: 20m }
        """;
}
