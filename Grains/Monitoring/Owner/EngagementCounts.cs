using Fleet.Events;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// What users did with one slice of served predictions: the requests, and of the responses that came back the clicks,
/// conversions, feedback, opt-outs and business value. Whole counts and one value sum, so slices add up.
/// </summary>
[GenerateSerializer]
public struct EngagementCounts
{
    [Id(0)] public long Requests;
    /// <summary>Outcomes that carried a user response: a window with none has no engagement figures, not zero ones.</summary>
    [Id(1)] public long Responses;
    [Id(2)] public long Clicks;
    [Id(3)] public long Conversions;
    [Id(4)] public long FeedbackUp;
    [Id(5)] public long FeedbackDown;
    [Id(6)] public long NotForMe;
    [Id(7)] public long OptOuts;
    [Id(8)] public double Value;

    public readonly long Feedback => FeedbackUp + FeedbackDown + NotForMe;

    /// <summary>Adds one bucket's responses (its requests are counted apart: see <see cref="EngagementWindows"/>).</summary>
    public void Add(in ResponseCounts r)
    {
        Responses += r.Responses;
        Clicks += r.Clicks;
        Conversions += r.Conversions;
        FeedbackUp += r.FeedbackUp;
        FeedbackDown += r.FeedbackDown;
        NotForMe += r.NotForMe;
        OptOuts += r.OptOuts;
        Value += r.Value;
    }

    public void Add(in EngagementCounts other)
    {
        Requests += other.Requests;
        Responses += other.Responses;
        Clicks += other.Clicks;
        Conversions += other.Conversions;
        FeedbackUp += other.FeedbackUp;
        FeedbackDown += other.FeedbackDown;
        NotForMe += other.NotForMe;
        OptOuts += other.OptOuts;
        Value += other.Value;
    }
}

/// <summary>
/// The user responses of one bucket of served predictions, as <see cref="EngagementWindows"/> stores them: the
/// <see cref="EngagementCounts"/> but the requests, which a bucket keeps apart so a model without responses pays for none.
/// </summary>
[GenerateSerializer]
public struct ResponseCounts
{
    [Id(0)] public long Responses;
    [Id(1)] public long Clicks;
    [Id(2)] public long Conversions;
    [Id(3)] public long FeedbackUp;
    [Id(4)] public long FeedbackDown;
    [Id(5)] public long NotForMe;
    [Id(6)] public long OptOuts;
    [Id(7)] public double Value;

    public void Record(UserResponse response)
    {
        Responses++;
        if (response.Clicked) Clicks++;
        if (response.Converted) Conversions++;
        if (response.OptedOut) OptOuts++;
        Value += response.Value;
        switch (response.Feedback)
        {
            case UserFeedback.Up: FeedbackUp++; break;
            case UserFeedback.Down: FeedbackDown++; break;
            case UserFeedback.NotForMe: NotForMe++; break;
        }
    }
}
