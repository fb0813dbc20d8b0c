using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Simulation.Runs;
using Fleet.Snapshots;
using Fleet.Tests.Simulation;

namespace Fleet.Tests.SimulatedDay;

/// <summary>
/// Models generate their ticks on every core, and a sink that takes concurrent calls gets each batch as soon as it is
/// made: the run must be the same as one whose sink takes its batches in model order (same batches per model, same
/// transitions, same digest), and it says how long generation took.
/// </summary>
public sealed class ParallelGenerationTests
{
    // The determinism scenario with twenty credit models, so a tick has enough models to spread over threads.
    private static readonly string Yaml = DeterminismTests.Yaml.Replace("count: 2", "count: 20");

    [Fact]
    public async Task A_sink_taking_concurrent_calls_gets_the_same_batches_and_the_run_the_same_digest()
    {
        var inOrder = new LockedSink(concurrent: false);
        var ordered = new ScenarioRun(Sim.Parse(Yaml), new RunOptions(), inOrder);
        await ordered.RunAsync(CancellationToken.None);

        var atOnce = new LockedSink(concurrent: true);
        var concurrent = new ScenarioRun(Sim.Parse(Yaml), new RunOptions(), atOnce);
        await concurrent.RunAsync(CancellationToken.None);

        Assert.True(atOnce.Callers.Count > 1, "every batch of the concurrent run was sent from one thread");
        Assert.Equal(21, inOrder.Batches.Count);
        Assert.Equal(inOrder.Batches.Keys.Order(), atOnce.Batches.Keys.Order());
        foreach (var (model, batches) in inOrder.Batches)
        {
            var other = atOnce.Batches[model];
            Assert.Equal(batches.Count, other.Count);
            for (var i = 0; i < batches.Count; i++)
            {
                Assert.Equal(batches[i].Predictions.Select(p => (p.PredictionId, p.Timestamp, p.Score, p.LatencyMs)),
                    other[i].Predictions.Select(p => (p.PredictionId, p.Timestamp, p.Score, p.LatencyMs)));
                Assert.Equal(batches[i].Outcomes.Select(o => (o.PredictionId, o.Label)), other[i].Outcomes.Select(o => (o.PredictionId, o.Label)));
            }
        }
        Assert.NotEmpty(ordered.Transitions);
        Assert.Equal(ordered.Transitions, concurrent.Transitions);
        Assert.Equal(ordered.Digest, concurrent.Digest);
        Assert.Equal(ordered.Events, concurrent.Events);
        Assert.True(concurrent.GenerationTime > TimeSpan.Zero);
    }

    /// <summary>
    /// Plain monitors behind one lock, so calls may come from any thread. Concurrent: each call runs on the thread
    /// pool (calls overlap as grain calls do); otherwise it is answered before the sender goes on. Keeps each model's
    /// batches in order and the threads that sent them.
    /// </summary>
    private sealed class LockedSink(bool concurrent) : IFleetSink
    {
        private readonly MonitorFleetSink _inner = new();
        private readonly Lock _gate = new();

        public bool AcceptsConcurrentCalls => concurrent;
        public System.Collections.Concurrent.ConcurrentDictionary<int, bool> Callers { get; } = new();
        public Dictionary<string, List<EventBatch>> Batches { get; } = new(StringComparer.Ordinal);

        public Task<IngestResult> Ingest(string model, EventBatch batch) => Call(() =>
        {
            if (!Batches.TryGetValue(model, out var list)) Batches[model] = list = [];
            list.Add(batch);
            return _inner.Ingest(model, batch).Result;
        });

        public Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now) => Call(() => _inner.AdvanceTo(model, now).Result);

        private Task<T> Call<T>(Func<T> call)
        {
            Callers[Environment.CurrentManagedThreadId] = true;
            T Locked() { lock (_gate) return call(); }
            return concurrent ? Task.Run(Locked) : Task.FromResult(Locked());
        }

        public Task Register(ModelDefinition definition) { lock (_gate) return _inner.Register(definition); }
        public Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at) { lock (_gate) return _inner.Force(model, level, by, reason, at); }
        public Task<IReadOnlyList<Notification>> AdvanceAlerts(DateTimeOffset now) { lock (_gate) return _inner.AdvanceAlerts(now); }
        public Task<int> Acknowledge(string model, string by, DateTimeOffset at) { lock (_gate) return _inner.Acknowledge(model, by, at); }
        public Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason, DateTimeOffset at) { lock (_gate) return _inner.Silence(matcher, duration, by, reason, at); }
        public Task<bool> Unsilence(string silenceId, string by, DateTimeOffset at) { lock (_gate) return _inner.Unsilence(silenceId, by, at); }
        public Task<bool> AcknowledgeTarget(string target, string by, DateTimeOffset at) { lock (_gate) return _inner.AcknowledgeTarget(target, by, at); }
        public Task<bool> Mitigate(string incident, string by, DateTimeOffset at) { lock (_gate) return _inner.Mitigate(incident, by, at); }
        public Task<ModelSnapshot?> Snapshot(string model) { lock (_gate) return _inner.Snapshot(model); }
        public Task<RolloutReport?> Rollout(string model) { lock (_gate) return _inner.Rollout(model); }
        public Task<IReadOnlyList<IncidentView>> Incidents() { lock (_gate) return _inner.Incidents(); }
    }
}
