using Fleet.Silo.Storage;
using Xunit;

namespace Fleet.Tests.Storage;

/// <summary>
/// Which writes the database writer's next commit takes: the ones an answer waits for first, background ones (models'
/// interval checkpoints) while there is room, and a background write passed over once goes first in the next group.
/// </summary>
public sealed class WriteBacklogTests
{
    private static QueuedWrite Awaited(string name, int bytes) => new(name, "SQL", bytes, []);
    private static QueuedWrite Background(string name, int bytes) => new(name, "SQL", bytes, [], background: true);

    private static List<string> Next(WriteBacklog backlog, int maxWrites = 100, long maxBytes = 2500)
    {
        var group = new List<QueuedWrite>();
        backlog.TakeGroup(group, maxWrites, maxBytes);
        return group.Select(w => w.Subject).ToList();
    }

    [Fact]
    public void Awaited_writes_overtake_background_ones_queued_before_them_and_background_ones_fill_the_room_left_in_arrival_order()
    {
        var backlog = new WriteBacklog();
        foreach (var w in new[] { Background("b1", 1200), Awaited("a1", 100), Background("b2", 1200), Awaited("a2", 100), Background("b3", 1200) })
            backlog.Add(w);

        // 100 + 100 + 1,200 + 1,200 = 2,600 would pass 2,500: b2 waits for the next group.
        Assert.Equal(["a1", "a2", "b1"], Next(backlog));
        Assert.Equal(["b2", "b3"], Next(backlog));
        Assert.Equal(0, backlog.Count);
    }

    [Fact]
    public void An_awaited_write_larger_than_the_room_left_is_not_overtaken_by_a_background_one()
    {
        var backlog = new WriteBacklog();
        foreach (var w in new[] { Awaited("a1", 2000), Awaited("a2", 2000), Background("b1", 100) }) backlog.Add(w);

        Assert.Equal(["a1"], Next(backlog)); // b1 would fit beside a1, but waits until no awaited write does
        Assert.Equal(["b1", "a2"], Next(backlog)); // passed over once, it leads the next group
    }

    [Fact]
    public void A_background_write_passed_over_goes_first_in_the_next_group_however_many_awaited_ones_keep_coming()
    {
        var backlog = new WriteBacklog();
        backlog.Add(Background("b1", 2400));
        backlog.Add(Background("b2", 2400));
        var taken = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            // Five awaited writes a round: beside any of them a 2,400-byte checkpoint never fits in 2,500 bytes.
            for (var i = 0; i < 5; i++) backlog.Add(Awaited($"a{round}.{i}", 100));
            taken.Add(string.Join(",", Next(backlog).Where(s => s.StartsWith('b'))));
        }
        Assert.Equal(["", "b1", "", "b2"], taken);
        Assert.Equal(["a3.1", "a3.2", "a3.3", "a3.4"], Next(backlog)); // the awaited ones kept their order
    }

    [Fact]
    public void A_write_larger_than_a_group_makes_a_group_of_its_own_and_the_write_cap_holds()
    {
        var backlog = new WriteBacklog();
        backlog.Add(Background("huge", 10_000));
        Assert.Equal(["huge"], Next(backlog));

        for (var i = 0; i < 5; i++) backlog.Add(Awaited($"a{i}", 10));
        Assert.Equal(["a0", "a1", "a2"], Next(backlog, maxWrites: 3));
        Assert.Equal(["a3", "a4"], Next(backlog, maxWrites: 3));
    }
}
