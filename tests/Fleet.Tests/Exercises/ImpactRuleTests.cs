using Fleet.Runs;
using Fleet.Silo.Exercises;
using Fleet.Simulation;

namespace Fleet.Tests.Exercises;

/// <summary>
/// The impact rule, worked by hand: a fallback's answer is degraded only where the model would have answered right, so
/// a kill switch on a model that serves mostly wrong answers lowers the impact, and on a mostly right one raises it.
/// </summary>
public sealed class ImpactRuleTests
{
    [Theory]
    [InlineData(true, false, false, false, Served.Well)]     // the model's right answer
    [InlineData(true, true, false, false, Served.Wrong)]     // the model's wrong answer, served
    [InlineData(true, false, true, false, Served.Degraded)]  // a fallback where the model was right
    [InlineData(true, true, true, false, Served.Well)]       // a fallback where the model was wrong: a wrong answer kept back
    [InlineData(false, false, true, false, Served.Degraded)] // the model had no answer (a new user): the fallback is degraded
    [InlineData(false, false, false, true, Served.Degraded)] // an error or a timeout
    [InlineData(true, true, true, true, Served.Degraded)]
    public void Each_prediction_is_served_well_wrong_or_degraded(bool answered, bool wrong, bool fallback, bool failed, Served expected) =>
        Assert.Equal(expected, ServedTruth.Classify(answered, wrong, fallback, failed));

    [Theory]
    // wrong answers of 10 -> impact served by the model, impact under a kill switch (by hand: wrong, then 10 - wrong)
    [InlineData(6, 6, 4)]  // mostly wrong: the kill switch lowers the impact from 6 to 4 (it was 10 under the old rule)
    [InlineData(1, 1, 9)]  // mostly right: the kill switch raises it from 1 to 9
    [InlineData(5, 5, 5)]
    public void A_kill_switch_lowers_the_impact_exactly_when_the_model_served_more_wrong_than_right(int wrongOfTen, long byModel, long killed)
    {
        var healthy = new ServedCounts(10, 0, 0); // the healthy run: the model right on all ten
        Assert.Equal(byModel, ExerciseScorer.Excess(Tick(wrongOfTen, fallback: false), healthy));
        Assert.Equal(killed, ExerciseScorer.Excess(Tick(wrongOfTen, fallback: true), healthy));
    }

    /// <summary>One tick of ten answered predictions, the first <paramref name="wrong"/> of which the model gets wrong, counted by the rule.</summary>
    private static ServedCounts Tick(int wrong, bool fallback)
    {
        var counts = new ServedCounts();
        for (var i = 0; i < 10; i++)
        {
            var served = ServedTruth.Classify(modelAnswered: true, modelWrong: i < wrong, fallback, failed: false);
            counts = counts.Plus(1, served == Served.Wrong ? 1 : 0, served == Served.Degraded ? 1 : 0);
        }
        return counts;
    }
}
