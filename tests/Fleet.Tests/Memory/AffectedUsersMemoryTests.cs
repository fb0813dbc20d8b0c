using Fleet.Events;
using Fleet.Monitoring;
using Fleet.Silo.Storage.BatchLog;
using Fleet.Tests.Core;
using Fleet.Tests.Drift;
using Fleet.Users;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Memory;

/// <summary>
/// Users affected cost a model nothing until a badly served request (an error, a timeout, a fallback answer) carries a
/// user id, then one 1 KiB sketch per hour that has one; they survive a checkpoint and a batch log replay.
/// </summary>
public sealed class AffectedUsersMemoryTests
{
    private static PredictionEvent Request(DateTimeOffset at, string? user, bool error = false, bool timeout = false, bool fallback = false, int level = 1) =>
        Ev.Prediction(at, error: error, timeout: timeout, fallback: fallback, servedLevel: level) with { UserKey = user is null ? null : UserKey.Of(user) };

    [Fact]
    public void A_model_without_user_ids_allocates_no_sketch_even_when_it_fails_every_request()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, Enumerable.Range(0, 500).Select(i => Request(T0, null, error: i % 2 == 0, timeout: i % 2 == 1))));
        monitor.Apply(Ev.Batch(T0, Enumerable.Range(0, 500).Select(_ => Request(T0, null, fallback: true, level: 3))));

        Assert.Null(monitor.State.AffectedUsers);
        Assert.Equal(0, monitor.State.PredictionsWithUser);
        Assert.Empty(monitor.AffectedUsers().Hours);
    }

    [Fact]
    public void Well_served_users_are_counted_as_carrying_ids_but_allocate_no_sketch()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, Enumerable.Range(0, 300).Select(i => Request(T0, $"u-{i}"))));

        Assert.Null(monitor.State.AffectedUsers);
        Assert.Equal(300, monitor.State.PredictionsWithUser);
    }

    [Fact]
    public void Each_way_of_serving_badly_counts_its_user_in_its_hour_and_only_those_hours_hold_a_sketch()
    {
        var monitor = TestModels.Monitor();
        var at = T0.AddMinutes(5);
        monitor.Apply(Ev.Batch(at, [Request(at, "ok-1"), Request(at, "err", error: true), Request(at, "late", timeout: true),
            Request(at, "own-fallback", fallback: true), Request(at, "ladder", level: 3), Request(at, "err", error: true)]));
        Assert.Equal(1, monitor.State.AffectedUsers!.Allocated);
        var later = T0.AddHours(2);
        monitor.Apply(Ev.Batch(later, [Request(later, "err", error: true), Request(later, "ok-2")]));

        var view = monitor.AffectedUsers();
        Assert.Equal(8, view.PredictionsWithUser);
        Assert.Equal([T0, T0.AddHours(2)], view.Hours.Select(h => h.Start));
        Assert.Equal(4, Math.Round(view.Hours[0].Sketch.Estimate())); // err, late, own-fallback, ladder
        Assert.Equal(1, Math.Round(view.Hours[1].Sketch.Estimate()));
        Assert.Equal(2, monitor.State.AffectedUsers.Allocated);
        // The estimated bytes grow by the two sketches only.
        Assert.True(monitor.State.AffectedUsers.EstimatedBytes() >= 2 * UserSketch.Bytes);

        // A day on, the ring has dropped both hours; the slot of the new hour is reused, not added.
        var dayOn = T0.AddHours(26);
        monitor.Apply(Ev.Batch(dayOn, [Request(dayOn, "new", error: true)]));
        Assert.Equal([dayOn.AddMinutes(-dayOn.Minute)], monitor.AffectedUsers().Hours.Select(h => h.Start));
        Assert.Equal(2, monitor.State.AffectedUsers.Allocated);
    }

    [Fact]
    public void The_users_survive_a_checkpoint_and_a_replay_of_the_batch_log_register_for_register()
    {
        var batches = Enumerable.Range(0, 5).Select(b => Ev.Batch(T0.AddMinutes(b),
            Enumerable.Range(0, 200).Select(i => Request(T0.AddMinutes(b), $"u-{(b * 97 + i) % 450}", error: i % 3 == 0)))).ToList();
        var live = TestModels.Monitor();
        foreach (var batch in batches) live.Apply(batch);

        var restored = OrleansRoundTrip.Copy(live.State);
        Assert.Equal(OrleansRoundTrip.Bytes(live.State.AffectedUsers), OrleansRoundTrip.Bytes(restored.AffectedUsers));
        Assert.Equal(live.State.PredictionsWithUser, restored.PredictionsWithUser);

        var replayed = new ModelMonitor(live.Definition, new Fleet.Monitoring.Levels.LevelState(), new WindowCheckpoint());
        foreach (var batch in batches) replayed.Apply(BatchCodec.Decode(BatchCodec.Encode(batch)));
        Assert.Equal(OrleansRoundTrip.Bytes(live.State.AffectedUsers), OrleansRoundTrip.Bytes(replayed.State.AffectedUsers));
        Assert.Equal(1000, replayed.State.PredictionsWithUser);
    }
}
