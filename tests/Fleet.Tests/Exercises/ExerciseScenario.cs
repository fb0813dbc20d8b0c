namespace Fleet.Tests.Exercises;

/// <summary>
/// A short exercise: a policy change drifts two of four credit models at 10m; retraining them on labels from after
/// the change (by 30m) is the ideal response. The description and good response carry markers a leak test looks for.
/// </summary>
internal static class ExerciseScenario
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ImpactAt = TimeSpan.FromMinutes(10);
    public const int Ticks = 240; // 2h
    public const string DescriptionMarker = "hidden-description-7f3a";
    public const string GoodResponseMarker = "hidden-good-response-91c2";
    public const string InjectionName = "policy-change-5d1e";
    public static readonly string[] Drifted = ["credit-001", "credit-002"];

    public const string Yaml = $$"""
        name: exercise-drift
        description: |
          A lender's policy change moves who repays: two credit models go wrong ({{DescriptionMarker}}).
        goodResponse: |
          Retrain the two drifted models on labels from after the change ({{GoodResponseMarker}}).
        seed: 5
        duration: 2h
        tick: 30s
        fleet:
          - { domain: credit, count: 4, owner: lending, dataSources: [bureau] }
        traffic: { rate: 5, shape: flat, labelDelay: 1m }
        injections:
          - { name: {{InjectionName}}, at: 10m, fault: concept-drift, targets: { ids: [credit-001, credit-002] }, magnitude: 3 }
        idealResponse:
          - { action: retrain, targets: { ids: [credit-001, credit-002] }, before: 30m }

        """;
}
