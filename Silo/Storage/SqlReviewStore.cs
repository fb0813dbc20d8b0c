using System.Data.Common;
using System.Text.Json;
using Fleet.Dashboard.Api;
using Fleet.Dashboard.Reviews;
using Fleet.Snapshots;

namespace Fleet.Silo.Storage;

/// <summary>
/// Scheduled reviews in Fleet's own table (fleet_reviews, see Sql/*-reviews.sql) on the silo's SQLite or PostgreSQL
/// database, scoped to the service id, one JSON document per review. The same SQL serves both.
/// </summary>
public sealed class SqlReviewStore(FleetStorageOptions options, string serviceId) : IReviewStore
{
    private readonly FleetDatabase _database = new(options, serviceId);

    public async Task<bool> AddAsync(StoredReview review, CancellationToken ct = default)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = _database.Command(connection,
            "INSERT INTO fleet_reviews (service_id, id, period, team, due_at, generated_at, models, body) " +
            "VALUES (@service, @id, @period, @team, @due, @generated, @models, @body) ON CONFLICT (service_id, id) DO NOTHING",
            ("id", review.Id), ("period", PeriodName(review.Period)), ("team", (object?)review.Team ?? DBNull.Value),
            ("due", review.DueAt.ToUnixTimeMilliseconds()), ("generated", review.GeneratedAt.ToUnixTimeMilliseconds()),
            ("models", (long)review.Review.Models.Count), ("body", JsonSerializer.Serialize(review.Review, FleetJson.Options)));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<StoredReviewEntry>> ListAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = _database.Command(connection,
            "SELECT id, period, team, due_at, generated_at, models FROM fleet_reviews WHERE service_id = @service " +
            "ORDER BY due_at DESC, id LIMIT @limit", ("limit", (long)limit));
        var entries = new List<StoredReviewEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            entries.Add(new StoredReviewEntry(reader.GetString(0), Period(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2),
                Time(reader, 3), Time(reader, 4), (int)reader.GetInt64(5)));
        return entries;
    }

    public async Task<StoredReview?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = _database.Command(connection,
            "SELECT id, period, team, due_at, generated_at, body FROM fleet_reviews WHERE service_id = @service AND id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new StoredReview(reader.GetString(0), Period(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2),
            Time(reader, 3), Time(reader, 4), JsonSerializer.Deserialize<FleetReview>(reader.GetString(5), FleetJson.Options)!);
    }

    public async Task<bool> HasDueAsync(ReviewPeriod period, DateTimeOffset due, CancellationToken ct = default)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = _database.Command(connection,
            "SELECT COUNT(*) FROM fleet_reviews WHERE service_id = @service AND period = @period AND due_at = @due",
            ("period", PeriodName(period)), ("due", due.ToUnixTimeMilliseconds()));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static string PeriodName(ReviewPeriod period) => period == ReviewPeriod.Weekly ? "weekly" : "monthly";

    private static ReviewPeriod Period(string name) => name == "weekly" ? ReviewPeriod.Weekly : ReviewPeriod.Monthly;

    private static DateTimeOffset Time(DbDataReader reader, int column) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));
}
