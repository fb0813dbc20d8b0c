using Fleet.Silo.Storage;
using Xunit;

namespace Fleet.Tests.Storage;

/// <summary>Which writes the database writer's next commit takes: small ones first, large ones while there is room.</summary>
public sealed class WriteBacklogTests
{
    private const int Large = 1000;

    private static QueuedWrite Write(string name, int bytes) => new(name, "SQL", bytes, []);

    private static List<string> Next(WriteBacklog backlog, int maxWrites = 100, long maxBytes = 2500)
    {
        var group = new List<QueuedWrite>();
        backlog.TakeGroup(group, maxWrites, maxBytes);
        return group.Select(w => w.Subject).ToList();
    }

    [Fact]
    public void Small_writes_overtake_large_ones_queued_before_them_and_large_ones_fill_the_room_left_in_arrival_order()
    {
        var backlog = new WriteBacklog(Large);
        foreach (var w in new[] { Write("L1", 1200), Write("s1", 100), Write("L2", 1200), Write("s2", 100), Write("L3", 1200) }) backlog.Add(w);

        // 100 + 100 + 1,200 + 1,200 = 2,600 would pass 2,500: L2 waits for the next group.
        Assert.Equal(["s1", "s2", "L1"], Next(backlog));
        Assert.Equal(["L2", "L3"], Next(backlog));
        Assert.Equal(0, backlog.Count);
    }

    [Fact]
    public void A_large_write_goes_out_in_every_group_with_room_however_many_small_ones_keep_coming()
    {
        var backlog = new WriteBacklog(Large);
        backlog.Add(Write("L1", 1200));
        backlog.Add(Write("L2", 1200));
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 5; i++) backlog.Add(Write($"s{round}.{i}", 100));
            Assert.Equal($"L{round + 1}", Next(backlog).Last());
        }
    }

    [Fact]
    public void A_write_larger_than_a_group_makes_a_group_of_its_own_and_the_write_cap_holds()
    {
        var backlog = new WriteBacklog(Large);
        backlog.Add(Write("huge", 10_000));
        Assert.Equal(["huge"], Next(backlog));

        for (var i = 0; i < 5; i++) backlog.Add(Write($"s{i}", 10));
        Assert.Equal(["s0", "s1", "s2"], Next(backlog, maxWrites: 3));
        Assert.Equal(["s3", "s4"], Next(backlog, maxWrites: 3));
    }
}
