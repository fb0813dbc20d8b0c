using System.Threading.Channels;
using Fleet.Runs;
using Fleet.Silo.Storage.Runs;
using Fleet.Simulation.Runs;

namespace Fleet.Silo.Runs;

/// <summary>
/// One run's journal writer. Inputs are written at once, each in its own commit, before the run may apply them; the
/// facts of played ticks queue up and are written by one background loop that commits everything queued at once
/// (a run at full speed shares one commit among many ticks). The facts can be derived again from the inputs, so a
/// crash loses at most the ticks since the last commit, which a resumed run plays again.
/// </summary>
public sealed class JournalRecorder : IRunRecorder
{
    private const int MaxTicksPerCommit = 500;

    private readonly SqlRunJournal _journal;
    private readonly string _run;
    private readonly ILogger _logger;
    private readonly Channel<TickCommit> _ticks = Channel.CreateUnbounded<TickCommit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public JournalRecorder(SqlRunJournal journal, string run, ILogger logger)
    {
        (_journal, _run, _logger) = (journal, run, logger);
        _writer = Task.Run(WriteAsync);
    }

    public Task RecordInputAsync(RunJournalEntry input) => _journal.AppendInputAsync(_run, input);

    public void RecordTick(long ticks, DateTimeOffset now, string digest, IReadOnlyList<RunJournalEntry> facts, long dropped) =>
        _ticks.Writer.TryWrite(new TickCommit(ticks, now, digest, facts, dropped));

    /// <summary>Writes what is queued and stops; completes when every tick recorded so far is in the journal.</summary>
    public async Task CompleteAsync()
    {
        _ticks.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        var group = new List<TickCommit>();
        while (await _ticks.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxTicksPerCommit && _ticks.Reader.TryRead(out var tick)) group.Add(tick);
            try
            {
                await _journal.CommitTicksAsync(_run, group);
            }
            catch (Exception e)
            {
                // Facts are re-derivable: a failed write loses entries of the listing, never the run's definition.
                _logger.LogWarning(e, "Run {Run}: could not write the facts of ticks up to {Ticks} to the journal", _run, group[^1].Ticks);
            }
        }
    }
}
