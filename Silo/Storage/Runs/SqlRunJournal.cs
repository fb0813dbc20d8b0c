using System.Data;
using System.Data.Common;
using Fleet.Runs;

namespace Fleet.Silo.Storage.Runs;

/// <summary>The facts of played ticks and where the run got to, written together (one transaction per group of ticks).</summary>
public sealed record TickCommit(long Ticks, DateTimeOffset Now, string Digest, IReadOnlyList<RunJournalEntry> Facts, long Dropped);

/// <summary>
/// Run headers and journals in Fleet's own tables (fleet_runs, fleet_run_journal; see Sql/*-runs.sql) on the silo's
/// SQLite or PostgreSQL database, scoped to the service id. The same SQL serves both (named @parameters, Unix-millisecond
/// times). Every write is committed before its call returns.
/// </summary>
public sealed class SqlRunJournal(FleetStorageOptions options, string serviceId)
{
    private const string HeaderColumns =
        "id, source, name, scenario_text, seed, start_at, until_ms, speed, state, created_at, ended_at, digest, ticks, now_at, " +
        "replay_of, without_actions, thresholds, entries, facts_dropped, owner";

    private const string EntryColumns = "position, tick, at, kind, target, by_whom, origin, detail, input_json";

    private readonly FleetDatabase _database = new(options, serviceId);

    /// <summary>
    /// Records a new run, and forgets the oldest ended runs beyond <paramref name="keepEnded"/> (their journals too). False,
    /// recording nothing, when the id is taken or the run is a demo while another demo is unfinished: the index
    /// fleet_runs_one_demo lets one demo play per service, so of silos starting the demo together one wins.
    /// </summary>
    public async Task<bool> CreateAsync(RunHeader run, int keepEnded, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var created = await ExecuteAsync(connection, transaction,
            $"INSERT INTO fleet_runs (service_id, {HeaderColumns}) VALUES (@service, @id, @source, @name, @text, @seed, @start, @until, @speed, @state, " +
            "@created, @ended, @digest, @ticks, @now, @replay, @without, @thresholds, 0, 0, @owner) ON CONFLICT DO NOTHING", ct,
            P("id", run.Id), P("source", run.Source), P("name", run.Name), P("text", run.ScenarioText), P("seed", (long)run.Seed),
            P("start", Ms(run.Start)), P("until", run.Until is { } u ? (long)u.TotalMilliseconds : null, DbType.Int64),
            P("speed", run.Speed, DbType.Double), P("state", run.State), P("created", Ms(run.Created)),
            P("ended", run.Ended is { } e ? Ms(e) : null, DbType.Int64), P("digest", run.Digest), P("ticks", run.Ticks), P("now", Ms(run.Now)),
            P("replay", run.ReplayOf, DbType.String), P("without", run.WithoutActions ? 1L : 0L), P("thresholds", run.Thresholds, DbType.String),
            P("owner", run.Owner, DbType.String));
        if (created == 0) return false;
        const string ended = "SELECT id FROM fleet_runs WHERE service_id = @service AND state NOT IN ('starting', 'running', 'paused') " +
                             "ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET @keep";
        var forget = new List<string>();
        await using (var command = Command(connection, transaction,
            options.Provider == StorageProvider.Sqlite ? ended : ended.Replace("LIMIT -1 ", "", StringComparison.Ordinal), P("keep", (long)keepEnded)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) forget.Add(reader.GetString(0));
        foreach (var id in forget)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM fleet_run_journal WHERE service_id = @service AND run_id = @id", ct, P("id", id));
            await ExecuteAsync(connection, transaction, "DELETE FROM fleet_runs WHERE service_id = @service AND id = @id", ct, P("id", id));
        }
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Writes one input durably (the caller answers its request only after this returns).</summary>
    public async Task AppendInputAsync(string run, RunJournalEntry input, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var added = await InsertAsync(connection, transaction, run, input, ct);
        await ExecuteAsync(connection, transaction, "UPDATE fleet_runs SET entries = entries + @added WHERE service_id = @service AND id = @id", ct,
            P("added", (long)added), P("id", run));
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Writes the facts of played ticks and moves the header to the last of them, in one transaction. Idempotent: a
    /// resumed run that plays ticks again adds no entry twice and never moves the header back.
    /// </summary>
    public async Task CommitTicksAsync(string run, IReadOnlyList<TickCommit> ticks, CancellationToken ct = default)
    {
        if (ticks.Count == 0) return;
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        long added = 0, dropped = 0;
        foreach (var tick in ticks)
        {
            dropped += tick.Dropped;
            foreach (var fact in tick.Facts) added += await InsertAsync(connection, transaction, run, fact, ct);
        }
        var last = ticks[^1];
        await ExecuteAsync(connection, transaction,
            "UPDATE fleet_runs SET entries = entries + @added, facts_dropped = facts_dropped + @dropped WHERE service_id = @service AND id = @id", ct,
            P("added", added), P("dropped", dropped), P("id", run));
        await ExecuteAsync(connection, transaction,
            "UPDATE fleet_runs SET ticks = @ticks, now_at = @now, digest = @digest WHERE service_id = @service AND id = @id AND ticks < @ticks", ct,
            P("ticks", last.Ticks), P("now", Ms(last.Now)), P("digest", last.Digest), P("id", run));
        await transaction.CommitAsync(ct);
    }

    /// <summary>Records a change of state or speed; <paramref name="ended"/> and <paramref name="digest"/> when the run ends.</summary>
    public async Task SetStateAsync(string run, string state, double? speed, DateTimeOffset? ended = null, string? digest = null, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null,
            "UPDATE fleet_runs SET state = @state, speed = @speed, ended_at = COALESCE(@ended, ended_at), digest = COALESCE(@digest, digest) " +
            "WHERE service_id = @service AND id = @id", ct,
            P("state", state), P("speed", speed, DbType.Double), P("ended", ended is { } e ? Ms(e) : null, DbType.Int64),
            P("digest", digest, DbType.String), P("id", run));
    }

    /// <summary>
    /// Makes <paramref name="owner"/> the silo that plays an unfinished run if its owner is still <paramref name="expected"/>
    /// (compare and set: of silos adopting a run together, one wins); false when the run ended or another silo took it.
    /// </summary>
    public async Task<bool> ClaimAsync(string run, string? expected, string owner, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await ExecuteAsync(connection, null,
            "UPDATE fleet_runs SET owner = @owner WHERE service_id = @service AND id = @id AND state IN ('starting', 'running', 'paused') AND " +
            (expected is null ? "owner IS NULL" : "owner = @expected"), ct,
            P("owner", owner), P("id", run), P("expected", expected ?? "")) == 1;
    }

    /// <summary>
    /// Gives up the unfinished runs <paramref name="owner"/> plays (its silo is stopping), or one of them, so another silo
    /// adopts them at once.
    /// </summary>
    public async Task ReleaseAsync(string owner, string? run = null, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null,
            "UPDATE fleet_runs SET owner = NULL WHERE service_id = @service AND owner = @owner AND state IN ('starting', 'running', 'paused')" +
            (run is null ? "" : " AND id = @id"), ct, P("owner", owner), P("id", run ?? ""));
    }

    public async Task<RunHeader?> GetAsync(string run, CancellationToken ct = default) =>
        (await HeadersAsync("AND id = @id", ct, P("id", run))).SingleOrDefault();

    /// <summary>Every recorded run, newest first.</summary>
    public Task<IReadOnlyList<RunHeader>> ListAsync(CancellationToken ct = default) => HeadersAsync("", ct);

    /// <summary>
    /// Up to <paramref name="limit"/> entries after the cursor, in position (event-time) order. While a run plays, only
    /// entries of ticks already committed are served: an entry of a later tick (an input accepted for the next tick)
    /// could otherwise pass the cursor over facts of the current tick that are written after it.
    /// </summary>
    public async Task<IReadOnlyList<RunJournalEntry>> ReadAsync(string run, long after, int limit, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null,
            $"SELECT {EntryColumns} FROM fleet_run_journal j WHERE j.service_id = @service AND j.run_id = @id AND j.position > @after " +
            "AND EXISTS (SELECT 1 FROM fleet_runs r WHERE r.service_id = j.service_id AND r.id = j.run_id " +
            "AND (j.tick < r.ticks OR r.state NOT IN ('starting', 'running', 'paused'))) ORDER BY j.position LIMIT @limit",
            P("id", run), P("after", after), P("limit", (long)limit));
        return await ReadEntriesAsync(command, ct);
    }

    /// <summary>The run's inputs (actions and manual injections) in the order they apply.</summary>
    public Task<IReadOnlyList<RunJournalEntry>> InputsAsync(string run, CancellationToken ct = default) => EntriesAsync(run, "input_json IS NOT NULL", ct);

    /// <summary>The run's facts in event-time order.</summary>
    public Task<IReadOnlyList<RunJournalEntry>> FactsAsync(string run, CancellationToken ct = default) => EntriesAsync(run, "input_json IS NULL", ct);

    /// <summary>The run's facts of one kind in event-time order.</summary>
    public Task<IReadOnlyList<RunJournalEntry>> FactsAsync(string run, string kind, CancellationToken ct = default) =>
        EntriesAsync(run, "input_json IS NULL AND kind = @kind", ct, P("kind", kind));

    /// <summary>How many facts of one kind the journal holds for the run.</summary>
    public async Task<long> CountFactsAsync(string run, string kind, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null,
            "SELECT COUNT(*) FROM fleet_run_journal WHERE service_id = @service AND run_id = @id AND input_json IS NULL AND kind = @kind",
            P("id", run), P("kind", kind));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The notes (entries that are not inputs) from tick <paramref name="fromTick"/> on, where the header says the run got to:
    /// the facts of a tick are committed with the header's move past it, so what lies there are the notes written at once
    /// (a team's answers) that a resumed run must play around.
    /// </summary>
    public Task<IReadOnlyList<RunJournalEntry>> NotesFromAsync(string run, long fromTick, CancellationToken ct = default) =>
        EntriesAsync(run, "input_json IS NULL AND tick >= @from", ct, P("from", fromTick));

    private async Task<IReadOnlyList<RunJournalEntry>> EntriesAsync(string run, string condition, CancellationToken ct,
        params (string, object?, DbType?)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null,
            $"SELECT {EntryColumns} FROM fleet_run_journal WHERE service_id = @service AND run_id = @id AND {condition} ORDER BY position",
            [P("id", run), .. parameters]);
        return await ReadEntriesAsync(command, ct);
    }

    private async Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, string run, RunJournalEntry e, CancellationToken ct) =>
        await ExecuteAsync(connection, transaction,
            $"INSERT INTO fleet_run_journal (service_id, run_id, {EntryColumns}) VALUES (@service, @run, @position, @tick, @at, @kind, @target, @by, " +
            "@origin, @detail, @input) ON CONFLICT DO NOTHING", ct,
            P("run", run), P("position", e.Position), P("tick", e.Tick), P("at", Ms(e.At)), P("kind", e.Kind), P("target", e.Target), P("by", e.By),
            P("origin", e.From), P("detail", e.Detail), P("input", e.Input, DbType.String));

    private async Task<IReadOnlyList<RunHeader>> HeadersAsync(string condition, CancellationToken ct, params (string, object?, DbType?)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null,
            $"SELECT {HeaderColumns} FROM fleet_runs WHERE service_id = @service {condition} ORDER BY created_at DESC, id DESC", parameters);
        var runs = new List<RunHeader>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            runs.Add(new RunHeader(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), (int)r.GetInt64(4), At(r.GetInt64(5)),
                r.IsDBNull(6) ? null : TimeSpan.FromMilliseconds(r.GetInt64(6)), r.IsDBNull(7) ? null : r.GetDouble(7), r.GetString(8),
                At(r.GetInt64(9)), r.IsDBNull(10) ? null : At(r.GetInt64(10)), r.GetString(11), r.GetInt64(12), At(r.GetInt64(13)),
                r.IsDBNull(14) ? null : r.GetString(14), r.GetInt64(15) != 0, r.IsDBNull(16) ? null : r.GetString(16), r.GetInt64(17), r.GetInt64(18),
                r.IsDBNull(19) ? null : r.GetString(19)));
        }
        return runs;
    }

    private static async Task<IReadOnlyList<RunJournalEntry>> ReadEntriesAsync(DbCommand command, CancellationToken ct)
    {
        var entries = new List<RunJournalEntry>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            entries.Add(new RunJournalEntry(r.GetInt64(0), r.GetInt64(1), At(r.GetInt64(2)), r.GetString(3), r.GetString(4), r.GetString(5),
                r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)));
        }
        return entries;
    }

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenAsync(ct);

    private async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct,
        params (string, object?, DbType?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value, DbType? Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value, type) in parameters.Prepend(("service", serviceId, null)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (type is { } t) parameter.DbType = t;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static (string, object?, DbType?) P(string name, object? value, DbType? type = null) => (name, value, type);

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
