using Microsoft.Extensions.Options;

namespace Fleet.Silo.Recordings;

/// <summary>
/// Stops running recordings at their end (<c>--until</c>) and at their size cap, with the reason in the recording.
/// Checked every <see cref="RecordingOptions.CheckInterval"/>: a recording passes its cap by at most what its models
/// accept in one interval. Every silo of a cluster checks; a stop is taken once (the store's update is conditional).
/// </summary>
public sealed class RecordingWatcher(SqlRecordingStore store, RecordingService recordings, IOptions<RecordingOptions> options,
    TimeProvider clock, ILogger<RecordingWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Checking the recordings failed; trying again in {Interval}", options.Value.CheckInterval);
            }
        }
    }

    /// <summary>Stops each running recording that reached its end or its cap.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        foreach (var row in (await store.ListAsync(ct)).Where(r => r.State == SqlRecordingStore.Recording))
        {
            if (row.Until is { } until && until <= clock.GetUtcNow())
            {
                await recordings.StopAsync(row.Id, $"reached its end at {until:u}", ct);
                continue;
            }
            var (_, bytes) = await store.SizeAsync(row.Id, ct);
            var max = options.Value.MaxBytes;
            if (bytes >= max) await recordings.StopAsync(row.Id, $"size cap: keeps {bytes:N0} bytes, at most {max:N0} (Fleet:Recordings:MaxBytes)", ct);
        }
    }
}
