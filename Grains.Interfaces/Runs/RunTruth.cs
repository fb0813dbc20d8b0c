using System.Globalization;

namespace Fleet.Runs;

/// <summary>
/// The simulator's truth about a whole run (<see cref="RunImpact"/>), journaled beside its <see cref="RunFigures"/> when it
/// stops playing, so a postmortem of the ended run has it after a restart: predictions made, served wrong, served degraded,
/// and the distinct simulated users served degraded at least once out of all the models' users. Written only at the end:
/// while the run plays (an exercise), nobody reading its journal learns its hidden impact.
/// Detail: "predictions 120000, wrong 9000, degraded 4100, users affected 812 of 36000".
/// </summary>
public readonly record struct RunTruth(long Predictions, long Wrong, long Degraded, long UsersAffected, long Users)
{
    public const string Kind = "truth";

    public static RunTruth Of(RunImpact impact)
    {
        var total = impact.Total;
        return new(total.Predictions, total.Wrong, total.Degraded, total.UsersAffected, impact.Users);
    }

    public string Detail => string.Create(CultureInfo.InvariantCulture,
        $"predictions {Predictions}, wrong {Wrong}, degraded {Degraded}, users affected {UsersAffected} of {Users}");

    /// <summary>The truth of a fact's detail; null when it is not one.</summary>
    public static RunTruth? Parse(string detail)
    {
        var parts = detail.Split(", ");
        if (parts.Length != 4 || !parts[3].StartsWith("users affected ", StringComparison.Ordinal)) return null;
        var users = parts[3]["users affected ".Length..].Split(" of ");
        return users.Length == 2 && Number(parts[0], "predictions ") is { } predictions && Number(parts[1], "wrong ") is { } wrong
            && Number(parts[2], "degraded ") is { } degraded && Number(users[0], "") is { } affected && Number(users[1], "") is { } all
                ? new RunTruth(predictions, wrong, degraded, affected, all) : null;
    }

    private static long? Number(string text, string label) =>
        text.StartsWith(label, StringComparison.Ordinal)
        && long.TryParse(text[label.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
