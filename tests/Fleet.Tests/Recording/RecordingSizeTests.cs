using Fleet.Events;
using Fleet.Silo.Storage.BatchLog;
using Fleet.Simulation.Faults;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Xunit.Abstractions;

namespace Fleet.Tests.Recording;

/// <summary>What a recording costs: the batch log's bytes per event for the demo fleet's traffic, measured with the log's own codec.</summary>
public sealed class RecordingSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void A_recorded_event_of_the_demo_fleet_takes_a_few_dozen_bytes_in_the_log()
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(RecordingSupport.Root(), "scenarios", "demo.yaml"));
        var start = RunOptions.DefaultStart.AddHours(12); // midday traffic
        long bytes = 0, events = 0, batches = 0;
        foreach (var member in FleetFactory.Build(scenario, scenario.Seed, start).Take(40))
        {
            for (var tick = 0; tick < 60; tick++)
            {
                var now = start + tick * scenario.Tick;
                var (predictions, outcomes) = member.Model.Generate(now, scenario.Tick, scenario.Traffic.HourlyShape, new FaultEffects());
                if (predictions.Count + outcomes.Count == 0) continue;
                bytes += BatchCodec.Encode(new EventBatch($"b{tick}", now + scenario.Tick, predictions, outcomes)).Length;
                events += predictions.Count + outcomes.Count;
                batches++;
            }
        }
        var perEvent = (double)bytes / events;
        output.WriteLine($"{events:N0} events in {batches:N0} batches (one per model and 10 s tick): {bytes:N0} B, {perEvent:F1} B per event");
        Assert.True(events > 10_000, $"only {events} events were generated");
        Assert.InRange(perEvent, 5, 120);
    }
}
