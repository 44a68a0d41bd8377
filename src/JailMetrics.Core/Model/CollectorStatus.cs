namespace JailMetrics.Model;

/// <summary>How one collector fared in one sample: node_exporter's success and duration, plus the error text.</summary>
public sealed record CollectorStatus(string Name, bool Success, TimeSpan Duration, string? Error = null);
