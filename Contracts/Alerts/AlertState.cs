namespace Fleet.Monitoring.Alerts;

/// <summary>
/// Where an alert is in the Prometheus life cycle:
/// inactive -> pending (condition true, waiting <c>for</c>) -> firing -> resolved
/// (condition false for <c>keep_firing_for</c>); resolved -> pending or firing when true again.
/// </summary>
public enum AlertState
{
    /// <summary>The condition does not hold (or never did); a pending alert that cleared returns here.</summary>
    Inactive = 0,
    /// <summary>The condition holds but has not held for the rule's <c>for</c> yet: nobody is told.</summary>
    Pending = 1,
    /// <summary>The condition held for <c>for</c>; it stays firing for <c>keep_firing_for</c> after it clears.</summary>
    Firing = 2,
    /// <summary>It fired and then cleared; kept apart from inactive so the fleet can tell "was firing" from "never fired".</summary>
    Resolved = 3,
}
