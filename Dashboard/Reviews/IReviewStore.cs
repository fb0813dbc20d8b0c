using Fleet.Snapshots;

namespace Fleet.Dashboard.Reviews;

/// <summary>A review generated on the schedule: which one (period, team), when it was due on the fleet clock, and the review.</summary>
public sealed record StoredReview(string Id, ReviewPeriod Period, string? Team, DateTimeOffset DueAt, DateTimeOffset GeneratedAt, FleetReview Review);

/// <summary>A stored review as the history lists it.</summary>
public sealed record StoredReviewEntry(string Id, ReviewPeriod Period, string? Team, DateTimeOffset DueAt, DateTimeOffset GeneratedAt, int Models);

/// <summary>Where scheduled reviews are kept: written once per id (a second writer of the same occurrence changes nothing).</summary>
public interface IReviewStore
{
    /// <summary>Keeps the review; false when one with its id is already kept.</summary>
    Task<bool> AddAsync(StoredReview review, CancellationToken ct = default);

    /// <summary>The newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredReviewEntry>> ListAsync(int limit, CancellationToken ct = default);

    Task<StoredReview?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Whether a review of the period due at <paramref name="due"/> is kept.</summary>
    Task<bool> HasDueAsync(ReviewPeriod period, DateTimeOffset due, CancellationToken ct = default);
}
