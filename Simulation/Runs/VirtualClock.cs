namespace Fleet.Simulation.Runs;

/// <summary>
/// A run's clock: virtual time moves one tick at a time; speed only decides how long the wall clock
/// waits between ticks (0 = paused, infinity = as fast as possible), so it never changes what happens.
/// A jump plays the ticks up to an event time without waiting at all, then the speed applies again.
/// </summary>
public sealed class VirtualClock(DateTimeOffset start, double speed)
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly object _gate = new();
    private int _steps;
    private long _lastTickWall = Environment.TickCount64;
    private double _resumeSpeed = speed > 0 ? speed : 1;
    private readonly SortedSet<DateTimeOffset> _holds = [];
    private DateTimeOffset? _jumpTo;

    public DateTimeOffset Now { get; private set; } = start;
    public double Speed { get; private set; } = speed;
    public bool Paused => Speed == 0;

    /// <summary>The speed a resume plays at: the last speed above 0 (infinity as fast as possible).</summary>
    public double ResumeSpeed
    {
        get { lock (_gate) return _resumeSpeed; }
    }

    public void SetSpeed(double speed)
    {
        if (double.IsNaN(speed) || speed < 0) throw new ArgumentOutOfRangeException(nameof(speed), "speed must be >= 0 (0 pauses)");
        lock (_gate)
        {
            Speed = speed;
            if (speed > 0) _resumeSpeed = speed;
        }
        _wake.Release();
    }

    public void Pause() => SetSpeed(0);

    /// <summary>Plays on at the speed the run had before it was paused (1x if it never had one).</summary>
    public void Resume()
    {
        double speed;
        lock (_gate) speed = _resumeSpeed;
        SetSpeed(speed);
    }

    /// <summary>While paused, lets exactly one more tick happen.</summary>
    public void Step()
    {
        lock (_gate) _steps++;
        _wake.Release();
    }

    public void Advance(TimeSpan tick) => Now += tick;

    /// <summary>Pauses the clock by itself when it reaches each of these times, before the tick there plays (exercise decision points).</summary>
    public void HoldAt(IEnumerable<DateTimeOffset> times)
    {
        lock (_gate) _holds.UnionWith(times);
        _wake.Release();
    }

    /// <summary>The event time a jump is playing to, or null when none is under way.</summary>
    public DateTimeOffset? JumpingTo
    {
        get { lock (_gate) return _jumpTo; }
    }

    /// <summary>
    /// Plays every tick before <paramref name="to"/> at once, paused or not (a fast-forward); then the clock keeps the
    /// speed it had (a paused run stays paused there).
    /// </summary>
    public void JumpTo(DateTimeOffset to)
    {
        lock (_gate) _jumpTo = to;
        _wake.Release();
    }

    /// <summary>Waits until the next tick may run: at once when fast, after tick/speed of wall time, or until a step or resume when paused.</summary>
    public async Task WaitForTickAsync(TimeSpan tick, CancellationToken cancellationToken)
    {
        while (true)
        {
            double speed;
            lock (_gate)
            {
                if (_holds.Count > 0 && Now >= _holds.Min)
                {
                    _holds.RemoveWhere(t => t <= Now);
                    if (Speed > 0) _resumeSpeed = Speed;
                    Speed = 0; // a step still asked for plays: stepping is the facilitator's word too
                    _jumpTo = null; // a jump stops at a decision point too
                }
                if (_jumpTo is { } to)
                {
                    if (Now < to)
                    {
                        _lastTickWall = Environment.TickCount64;
                        return;
                    }
                    _jumpTo = null;
                }
                speed = Speed;
                if (speed == 0 && _steps > 0)
                {
                    _steps--;
                    _lastTickWall = Environment.TickCount64;
                    return;
                }
            }
            if (speed == 0)
            {
                await _wake.WaitAsync(cancellationToken);
                continue;
            }
            if (double.IsPositiveInfinity(speed)) return;
            var due = _lastTickWall + (long)(tick.TotalMilliseconds / speed);
            var wait = due - Environment.TickCount64;
            if (wait <= 0)
            {
                _lastTickWall = Math.Max(due, Environment.TickCount64 - 1000); // do not race to catch up after a stall
                return;
            }
            // Wake early if the speed changes or a step arrives.
            if (!await _wake.WaitAsync(TimeSpan.FromMilliseconds(wait), cancellationToken))
            {
                _lastTickWall = due;
                return;
            }
        }
    }
}
