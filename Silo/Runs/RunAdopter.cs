using Fleet.Runs;
using Fleet.Silo.Storage.Runs;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Fleet.Silo.Runs;

/// <summary>
/// Keeps every unfinished run playing somewhere in the cluster. Once the silo is up (before the demo starts, so a
/// resumed demo is not started twice) and then every <see cref="SimulationOptions.AdoptInterval"/>, it adopts the runs
/// no silo plays: those whose owner gave them up (it stopped) or is gone from the cluster (declared dead by Orleans'
/// membership, or unknown to it, as the previous process of a single silo is). Orleans' membership is the failure
/// detector, not a lease of Fleet's own: a silo declared dead stops itself, so two silos never play one run, and the
/// dead silo's grains (the run's world) are already placed afresh when the run is adopted. At shutdown it stops this
/// silo's runs and gives them up, while the silo still answers.
/// </summary>
public sealed class RunAdopter(RunCoordinator runs, SqlRunJournal journal, IClusterMembershipService membership, IOptions<SimulationOptions> options,
    ILogger<RunAdopter> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await AdoptOrphansAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await runs.ShutDownAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AdoptInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await AdoptOrphansAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not look for runs to adopt");
            }
        }
    }

    private async Task AdoptOrphansAsync(CancellationToken ct)
    {
        var unplayed = (await journal.ListAsync(ct)).Where(h => h.Unfinished && !runs.Hosts(h.Id) && h.Owner != runs.Owner).ToList();
        if (unplayed.Count == 0) return;
        // A silo that joined since this one last read the membership table would look unknown: read it again first.
        if (unplayed.Any(h => h.Owner is { } owner && StatusOf(owner) == SiloStatus.None)) await membership.Refresh(default, ct);
        foreach (var header in unplayed.Where(h => h.Owner is null || StatusOf(h.Owner) is SiloStatus.Dead or SiloStatus.None).OrderBy(h => h.Created))
            await runs.AdoptAsync(header, ct);
    }

    private SiloStatus StatusOf(string owner) => membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(owner));
}
