using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Fleet.Benchmarks.Http;

/// <summary>
/// Recovery after a crash, in the production configuration: figure 4's load (batches of 1,000 predictions over 1,000
/// models, never labelled, paced) for some minutes, then the host is killed with SIGKILL the moment the load's last
/// answer is in, and started again on the same SQLite file. Measured: the time until it answers /healthz, then until
/// each of the 1,000 models answers (its activation replays the batches its last checkpoint does not hold), and whether
/// every acknowledged prediction is counted again. Run once for each <c>Fleet:Models:CheckpointLongestGap</c> asked:
/// the checkpoint pacing trades checkpoint writing under load for this replay.
/// </summary>
internal static class RecoveryPart
{
    private const int LoadBatch = 1000;

    public static async Task RunAsync(AllOptions o, FigureBook book, TextWriter log, string hostLog)
    {
        var models = HttpIngestPart.ModelIds();
        foreach (var gap in o.RecoveryGaps)
        {
            var r = await CrashOnceAsync(models, gap, o, hostLog);
            var lost = r.Acknowledged - r.Counted;
            log.WriteLine($"  longest gap {gap}: load {r.Load.EventsPerSecond:N0} events/s for {r.Load.Seconds:F0} s (server {r.Load.ServerCores:F2} cores, " +
                          $"{r.Load.StorageWrites:N0} grain-state writes); at the kill the log held {r.LogRows:N0} batches ({r.LogBytes / 1e6:F1} MB), the database {r.DatabaseBytes / 1e6:F0} MB; " +
                          $"restarted: /healthz after {r.HealthSeconds:F2} s, every model after {r.AllModelsSeconds:F2} s (a model's first answer P50 {r.ModelP50Ms:F0} ms, P99 {r.ModelP99Ms:F0} ms); " +
                          $"predictions acknowledged {r.Acknowledged:N0}, counted after the restart {r.Counted:N0}");
            var detail = $"killed (SIGKILL) after {r.Load.Seconds:F0} s of {r.Load.EventsPerSecond:N0} events/s (batches of {LoadBatch:N0}, never labelled; server {r.Load.ServerCores:F2} cores; " +
                         $"{r.Load.StorageWrites:N0} grain-state writes during it); the log held {r.LogRows:N0} batches ({r.LogBytes / 1e6:F1} MB) to replay; " +
                         $"/healthz after {r.HealthSeconds:F2} s; a model's first answer P50 {r.ModelP50Ms:F0} ms, P99 {r.ModelP99Ms:F0} ms (16 at a time); " +
                         $"predictions acknowledged {r.Acknowledged:N0}, counted after the restart {r.Counted:N0}" + (lost > 0 ? $": {lost:N0} LOST" : "");
            book.Add(new Figure("recovery", $"restart to every model answering, CheckpointLongestGap {gap}", models.Count,
                lost > 0 ? double.NaN : r.AllModelsSeconds, "s", null, r.Load.OtherCores, detail));
        }
    }

    private sealed record Recovery(
        LoadResult Load, long LogRows, long LogBytes, long DatabaseBytes, double HealthSeconds, double AllModelsSeconds,
        double ModelP50Ms, double ModelP99Ms, long Acknowledged, long Counted);

    private static async Task<Recovery> CrashOnceAsync(IReadOnlyList<string> models, int gap, AllOptions o, string hostLog)
    {
        var settings = new[] { $"--Fleet:Models:CheckpointLongestGap={gap.ToString(CultureInfo.InvariantCulture)}" };
        var first = await SiloProcess.StartAsync(durableLog: true, hostLog, settings);
        SiloProcess? second = null;
        try
        {
            using (var admin = first.Client(16)) await first.RegisterAsync(admin, models);
            var plan = new IngestLoad.Plan(LoadBatch, 32, models, TimeSpan.FromSeconds(o.Quick ? 1 : 3), TimeSpan.FromSeconds(o.RecoverySeconds), o.RecoveryRate);
            var load = await IngestLoad.RunAsync(first, plan);
            if (load.Failed > 0) throw new InvalidOperationException($"the load had {load.Failed:N0} failed answers: {load.FirstFailure}");

            await first.CrashAsync();
            // What the crashed host left: the batches a restart has to replay.
            var (rows, bytes) = LogOnDisk(first.DatabasePath);
            var databaseBytes = new[] { "", "-wal" }.Sum(suffix => File.Exists(first.DatabasePath + suffix) ? new FileInfo(first.DatabasePath + suffix).Length : 0);
            var restart = Stopwatch.StartNew();
            second = await first.RestartAsync();
            var health = restart.Elapsed.TotalSeconds;

            var firstAnswers = new double[models.Count];
            long counted = 0;
            var answering = Stopwatch.StartNew();
            using var http = second.Client(16);
            await Parallel.ForEachAsync(Enumerable.Range(0, models.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                var t0 = Stopwatch.GetTimestamp();
                using var answer = await http.GetAsync($"/api/models/{models[i]}", ct);
                var text = await answer.Content.ReadAsStringAsync(ct);
                if (!answer.IsSuccessStatusCode) throw new InvalidOperationException($"model {models[i]} after the restart: {(int)answer.StatusCode} {text}");
                firstAnswers[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                using var json = JsonDocument.Parse(text);
                Interlocked.Add(ref counted, json.RootElement.GetProperty("counters").GetProperty("predictions").GetInt64());
            });
            var all = health + answering.Elapsed.TotalSeconds;
            Array.Sort(firstAnswers);
            return new Recovery(load, rows, bytes, databaseBytes, health, all, Statistics.Percentile(firstAnswers, 0.50), Statistics.Percentile(firstAnswers, 0.99),
                load.AcknowledgedInAll, counted);
        }
        finally
        {
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    /// <summary>The batch log's rows and payload bytes in the host's database, read-only (the crashed host left its WAL).</summary>
    private static (long Rows, long Bytes) LogOnDisk(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(LENGTH(Payload)), 0) FROM FleetBatchLog";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
