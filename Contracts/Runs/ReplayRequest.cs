namespace Fleet.Runs;

/// <summary>
/// What a replay changes, if anything: its speed (null as fast as possible), where it stops, and for a what-if the
/// recorded actions left out or other thresholds (YAML, see <c>ThresholdOverrides</c>) for every model of the fleet.
/// </summary>
public sealed record ReplayRequest(double? Speed = null, string? Until = null, bool WithoutActions = false, string? Thresholds = null);
