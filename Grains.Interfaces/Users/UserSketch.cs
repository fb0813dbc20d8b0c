using System.Numerics;

namespace Fleet.Users;

/// <summary>
/// A HyperLogLog count of distinct users (Flajolet et al., 2007): 2^10 one-byte registers, 1 KiB whatever the count,
/// a relative standard error of 1.04/√1024 = 3.25 % above 2,560 users and below it linear counting's, tighter for few
/// users and 3.7 % at most, at the hand-over (<see cref="RelativeError"/>). Two sketches merge by taking each register's maximum, so hours and models add up without counting a user
/// twice. Written here because no HyperLogLog package is among the ones Fleet may use; <c>UserSketchTests</c> holds it
/// to exact counts at sizes from 1 to a million.
/// </summary>
[GenerateSerializer, Alias("Fleet.UserSketch")]
public sealed class UserSketch
{
    public const int Precision = 10;
    public const int Registers = 1 << Precision;

    /// <summary>The estimate's relative standard error, 1.04/√m: a report states it beside the figure.</summary>
    public static readonly double StandardError = 1.04 / Math.Sqrt(Registers);

    /// <summary>
    /// The relative standard error of an estimate of <paramref name="users"/>: HyperLogLog's above 2.5 × m; below,
    /// linear counting's √(m(e^t − t − 1))/n with t = n/m (Whang, Vander-Zanden and Taylor, 1990).
    /// </summary>
    public static double RelativeError(double users)
    {
        const double m = Registers;
        if (users > 2.5 * m) return StandardError;
        if (users < 1) return 0;
        var t = users / m;
        return Math.Sqrt(m * (Math.Exp(t) - t - 1)) / users;
    }

    /// <summary>What a sketch costs in memory: the registers, the array's and the object's headers.</summary>
    public const long Bytes = Registers + 24 + 16;

    [Id(0)] private readonly byte[] _registers = new byte[Registers];

    /// <summary>Counts a user by its key (<see cref="UserKey"/>); a user counted again changes nothing.</summary>
    public void Add(ulong userKey)
    {
        // The key is already a hash, but remixed (SplitMix64's finalizer) so that every bit the index and the rank read is
        // as good as any other, whatever hash made the key.
        var h = Mix(userKey);
        var index = (int)(h >> (64 - Precision));
        // The sentinel bit bounds the rank at 64 - Precision + 1 when the remaining bits are all zero.
        var rank = (byte)(BitOperations.LeadingZeroCount((h << Precision) | (1UL << (Precision - 1))) + 1);
        if (rank > _registers[index]) _registers[index] = rank;
    }

    /// <summary>Takes in <paramref name="other"/>'s users: the sketch of the union.</summary>
    public void Merge(UserSketch other)
    {
        for (var i = 0; i < Registers; i++)
            if (other._registers[i] > _registers[i]) _registers[i] = other._registers[i];
    }

    /// <summary>Forgets every user (a ring reusing the sketch for a new hour).</summary>
    public void Clear() => Array.Clear(_registers);

    public UserSketch Copy()
    {
        var copy = new UserSketch();
        _registers.CopyTo(copy._registers, 0);
        return copy;
    }

    /// <summary>The estimated number of distinct users.</summary>
    public double Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.ScaleB(1, -r);
            if (r == 0) zeros++;
        }
        const double m = Registers;
        var alpha = 0.7213 / (1 + 1.079 / m);
        var raw = alpha * m * m / sum;
        // Small counts: linear counting over the empty registers is far more accurate there. A 64-bit hash needs no
        // large-range correction at any count a model's users reach.
        return raw <= 2.5 * m && zeros > 0 ? m * Math.Log(m / zeros) : raw;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
