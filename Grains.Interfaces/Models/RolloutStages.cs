namespace Fleet.Models;

/// <summary>Rollout stages as people write them ("shadow", "5%", "100%") and the share of traffic each serves.</summary>
public static class RolloutStages
{
    private static readonly Dictionary<string, RolloutStage> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["shadow"] = RolloutStage.Shadow, ["1%"] = RolloutStage.OnePercent, ["5%"] = RolloutStage.FivePercent,
        ["10%"] = RolloutStage.TenPercent, ["25%"] = RolloutStage.TwentyFivePercent, ["100%"] = RolloutStage.Full,
        ["full"] = RolloutStage.Full, ["segment"] = RolloutStage.Segment,
    };

    public static bool TryParse(string? text, out RolloutStage stage) => Names.TryGetValue(text ?? "", out stage);

    /// <summary>The stage as people write it ("shadow", "5%", "100%").</summary>
    public static string Name(RolloutStage stage) => Names.First(n => n.Value == stage).Key;

    public static RolloutStage Parse(string text) =>
        TryParse(text, out var stage) ? stage : throw new ArgumentException($"'{text}' is not a rollout stage", nameof(text));

    /// <summary>Share of requests the version answers; shadow answers all of them but users never see it.</summary>
    public static double Share(RolloutStage stage) => stage switch
    {
        RolloutStage.OnePercent => 0.01,
        RolloutStage.FivePercent => 0.05,
        RolloutStage.TenPercent => 0.10,
        RolloutStage.TwentyFivePercent => 0.25,
        RolloutStage.Segment => 0.2,
        _ => 1.0,
    };
}
