namespace Fleet.Monitoring.Detectors;

/// <summary>A streaming change detector: fed one value at a time, it says when the stream has changed.</summary>
public interface IChangeDetector
{
    /// <summary>Feeds one value; true when a change is detected at this value.</summary>
    bool Update(double x);

    /// <summary>A change was detected at the last value.</summary>
    bool DriftDetected { get; }

    /// <summary>The last value put the detector in its warning zone (detectors without one never warn).</summary>
    bool WarningDetected { get; }

    /// <summary>Forgets everything seen, keeping the parameters.</summary>
    void Reset();
}
