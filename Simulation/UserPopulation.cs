namespace Fleet.Simulation;

/// <summary>
/// A simulated model's users: a population seeded per model, as many as the requests of an average hour at its rate
/// (so a user comes back about every hour), at least 1 and at most <see cref="MaxSize"/>. Each request is drawn
/// uniformly from it on a stream of its own, so the other streams, and the run's digest, are unchanged by it. The
/// simulator's truth counts the distinct users served degraded at least once, exactly: a bitset of the population,
/// allocated on the first such user (at most 8 KiB a model; the monitor never sees any of it).
/// </summary>
public sealed class UserPopulation(Random draws, int size)
{
    public const int MaxSize = 1 << 16;

    private ulong[]? _affected;

    /// <summary>The population a model of this mean rate (requests a second) has.</summary>
    public static int SizeFor(double ratePerSecond) =>
        (int)Math.Clamp(Math.Ceiling(ratePerSecond * 3600), 1, MaxSize);

    public int Size { get; } = size;

    /// <summary>Distinct users marked so far.</summary>
    public int Affected { get; private set; }

    /// <summary>The user a request comes from.</summary>
    public int Draw() => draws.Next(Size);

    /// <summary>Marks a user served degraded; true when it is the first time.</summary>
    public bool MarkAffected(int user)
    {
        _affected ??= new ulong[(Size + 63) / 64];
        ref var word = ref _affected[user >> 6];
        var bit = 1UL << (user & 63);
        if ((word & bit) != 0) return false;
        word |= bit;
        Affected++;
        return true;
    }
}
