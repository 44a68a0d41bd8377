namespace JailMetrics.Alerts;

/// <summary>
/// Where one (rule, jail) pair stands: inactive → pending (above the threshold, waiting out
/// <c>For</c>) → firing → resolved. A pending alert that drops back goes to inactive, never to
/// resolved, because nobody was told it fired.
/// </summary>
public enum AlertState
{
    Inactive,
    Pending,
    Firing,
    Resolved,
}
