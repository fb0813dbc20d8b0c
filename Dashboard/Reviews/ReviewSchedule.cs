using System.Security.Cryptography;
using System.Text;
using Fleet.Registry;
using Fleet.Snapshots;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Dashboard.Reviews;

/// <summary>
/// Generates the reviews on the operating rhythm: every <see cref="ReviewScheduleOptions.Every"/> (wall time) it reads
/// the reviewed world's clock (event time, the alert book's) and, when the store holds no review of the latest occurrence
/// of the weekly or monthly calendar at or before it, generates that occurrence's reviews (weekly: one per team, or one
/// for the fleet when no model names a team; monthly: the fleet) and keeps them. Only the latest occurrence due is
/// generated: a silo down for three weeks writes one weekly review per team when it is back, not three. Ids are
/// derived from the occurrence, so two silos generating the same one keep it once.
/// </summary>
public sealed class ReviewSchedule(IGrainFactory grains, IReviewStore store, IOptions<ReviewScheduleOptions> options, TimeProvider clock,
    ILogger<ReviewSchedule> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IReadOnlyList<(ReviewPeriod Period, ReviewCalendar Calendar)> _calendars = Calendars(options.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Every, clock);
        do
        {
            try
            {
                var now = await grains.AlertBook(options.Value.World).Clock();
                if (now > DateTimeOffset.MinValue) await GenerateDueAsync(now, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Scheduled reviews not generated this time; the next look at the fleet clock tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Generates and keeps the reviews due at <paramref name="fleetNow"/> (event time) not kept yet; returns those it kept.</summary>
    public async Task<IReadOnlyList<StoredReviewEntry>> GenerateDueAsync(DateTimeOffset fleetNow, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var kept = new List<StoredReviewEntry>();
            foreach (var (period, calendar) in _calendars)
            {
                var due = calendar.LatestAtOrBefore(fleetNow);
                if (await store.HasDueAsync(period, due, ct)) continue;
                foreach (var team in period == ReviewPeriod.Weekly ? await TeamsAsync() : [null])
                {
                    var review = await ReviewAssembler.BuildAsync(grains, options.Value.World, period, team, owner: null);
                    var stored = new StoredReview(Id(period, team, due), period, team, due, clock.GetUtcNow(), review);
                    if (await store.AddAsync(stored, ct))
                        kept.Add(new StoredReviewEntry(stored.Id, period, team, due, stored.GeneratedAt, review.Models.Count));
                }
            }
            return kept;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<string?>> TeamsAsync()
    {
        var view = await grains.Registry(options.Value.World).Query(new FleetQuery());
        var teams = view.Models.Select(m => m.Team).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList<string?>();
        return teams.Count == 0 ? [null] : teams;
    }

    /// <summary>The occurrence's id: URL-safe whatever the team is called, the same on every silo.</summary>
    public static string Id(ReviewPeriod period, string? team, DateTimeOffset due)
    {
        var id = $"{(period == ReviewPeriod.Weekly ? "weekly" : "monthly")}-{due.UtcDateTime:yyyyMMdd'T'HHmm}";
        return team is null ? id : $"{id}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(team)))[..10]}";
    }

    private static List<(ReviewPeriod, ReviewCalendar)> Calendars(ReviewScheduleOptions o)
    {
        var calendars = new List<(ReviewPeriod, ReviewCalendar)>();
        foreach (var (period, key, text) in new[] { (ReviewPeriod.Weekly, "Weekly", o.Weekly), (ReviewPeriod.Monthly, "Monthly", o.Monthly) })
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            calendars.Add((period, ReviewCalendar.Parse(text, period == ReviewPeriod.Monthly, out var problem)
                ?? throw new InvalidOperationException($"Fleet:Reviews:{key} '{text}' {problem}")));
        }
        return calendars;
    }
}
