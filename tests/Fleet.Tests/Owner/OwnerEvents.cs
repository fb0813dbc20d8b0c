using Fleet.Events;
using Fleet.Tests.Core;

namespace Fleet.Tests.Owner;

/// <summary>Predictions with their outcomes and user responses, laid out as counts so expected readings can be worked by hand.</summary>
internal static class OwnerEvents
{
    public static PredictionEvent Prediction(DateTimeOffset at, string? segment = "all", string? version = null, bool holdout = false,
        double score = 0.9, double latencyMs = 20, bool error = false) =>
        new(at, Ev.NewId(), segment, score, latencyMs, 1, false, error, false, null, version, holdout);

    /// <summary>
    /// <paramref name="n"/> predictions at <paramref name="at"/> each answered at <paramref name="outcomeAt"/> with a response:
    /// the first <paramref name="clicks"/> clicked, the first <paramref name="conversions"/> converted and worth
    /// <paramref name="valueEach"/>, then <paramref name="up"/>, <paramref name="down"/>, <paramref name="notForMe"/> feedback in
    /// turn from the first, and the last <paramref name="optOuts"/> opted out. Labels: the first <paramref name="correct"/> right.
    /// </summary>
    public static (List<PredictionEvent> Predictions, List<OutcomeEvent> Outcomes) Answered(
        int n, DateTimeOffset at, DateTimeOffset outcomeAt, int clicks = 0, int conversions = 0, double valueEach = 0,
        int up = 0, int down = 0, int notForMe = 0, int optOuts = 0, int? correct = null, string? segment = "all",
        string? version = null, bool holdout = false, bool respond = true)
    {
        var predictions = new List<PredictionEvent>(n);
        var outcomes = new List<OutcomeEvent>(n);
        for (var i = 0; i < n; i++)
        {
            var p = Prediction(at, segment, version, holdout);
            predictions.Add(p);
            UserFeedback? feedback = i < up ? UserFeedback.Up : i < up + down ? UserFeedback.Down : i < up + down + notForMe ? UserFeedback.NotForMe : null;
            var response = respond
                ? new UserResponse(i < clicks, i < conversions, i < conversions ? valueEach : 0, feedback, i >= n - optOuts)
                : null;
            outcomes.Add(new OutcomeEvent(outcomeAt, p.PredictionId, i < (correct ?? n) ? 1 : 0, response));
        }
        return (predictions, outcomes);
    }
}
