namespace JailMetrics.Service.Alerts;

/// <summary>How alert rules enforce (config section <c>Enforcement</c>).</summary>
public sealed class EnforcementOptions
{
    public const string Section = "Enforcement";

    /// <summary>Log the limits a firing rule would install or remove, and change nothing.</summary>
    public bool DryRun { get; set; }
}
