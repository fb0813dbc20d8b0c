using Fleet.Events;

namespace Fleet.Simulation;

/// <summary>
/// How a simulated model's users answer what they are served: they click a good answer far more often than a bad one,
/// some clicks convert into business value (lognormal, a few large), feedback is sparse and skewed (mostly from
/// unhappy users, "not for me" when the answer missed), and opt-outs rise once answers have stayed bad: their chance
/// follows the share of bad answers smoothed over about two hours of requests, squared against a healthy model's.
/// Draws from its own random stream, so turning responses on changes no other number of a run.
/// </summary>
public sealed class UserBehaviour(Random random, double healthyMissShare, double valuePerConversion)
{
    public const double ClickIfGood = 0.30, ClickIfBad = 0.05, ConvertIfClicked = 0.20;
    public const double FeedbackIfGood = 0.01, FeedbackIfBad = 0.04;
    public const double HealthyOptOut = 0.0005, MaxOptOut = 0.05;
    // Weight of one request in the smoothed miss share: about two hours of a model at a few requests a second.
    private const double Smoothing = 1.0 / 20_000;

    private readonly double _healthyMissShare = healthyMissShare;
    private double _missShare = healthyMissShare;

    /// <summary>The share of bad answers the users have felt lately (what opt-outs follow).</summary>
    public double MissShare => _missShare;

    public UserResponse Respond(bool good)
    {
        _missShare += Smoothing * ((good ? 0 : 1) - _missShare);
        var clicked = random.NextDouble() < (good ? ClickIfGood : ClickIfBad);
        var converted = clicked && random.NextDouble() < ConvertIfClicked;
        var value = converted ? Math.Round(valuePerConversion * Math.Exp(0.6 * random.NextGaussian() - 0.18), 2) : 0;
        UserFeedback? feedback = null;
        if (random.NextDouble() < (good ? FeedbackIfGood : FeedbackIfBad))
        {
            var r = random.NextDouble();
            feedback = good ? (r < 0.8 ? UserFeedback.Up : UserFeedback.Down) : (r < 0.5 ? UserFeedback.Down : r < 0.85 ? UserFeedback.NotForMe : UserFeedback.Up);
        }
        var ratio = _healthyMissShare > 0 ? _missShare / _healthyMissShare : 1;
        var optedOut = random.NextDouble() < Math.Min(MaxOptOut, HealthyOptOut * ratio * ratio);
        return new UserResponse(clicked, converted, value, feedback, optedOut);
    }
}

/// <summary>
/// A new version served to a share of the requests beside the current one, or in <see cref="Shadow"/> predicting every
/// request the current one answers without serving any: freshly trained on the true concept, except that in
/// <see cref="WeakSegment"/> its call is wrong <see cref="WeakFlip"/> of the time (a version better overall but worse for
/// one segment).
/// </summary>
public sealed record SimulatedCandidate(string Version, double Share, string? WeakSegment = null, double WeakFlip = 0, bool Shadow = false);
