using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// Writes what a sample says about itself and the host rather than about one jail: jail_num, the
/// RACCT switch, each collector's success and duration, the sample's duration and time.
/// </summary>
internal static class SampleStatusWriter
{
    private static readonly MetricFamily RacctEnabled = new("jailmetrics_racct_enabled",
        "Whether the kernel's resource accounting (RACCT, kern.racct.enable) is on (1) or off (0); when off, per-jail figures come from the process table and several are absent",
        FamilyType.Gauge);
    private static readonly MetricFamily JailCount = new("jail_num", "Current number of running jails, not counting the host", FamilyType.Gauge);
    private static readonly MetricFamily CollectorSuccess = new("jailmetrics_collector_success",
        "Whether the collector succeeded in the latest sample (1) or failed (0); a failed collector's values are absent", FamilyType.Gauge);
    private static readonly MetricFamily CollectorDuration = new("jailmetrics_collector_duration_seconds",
        "How long the collector took in the latest sample, in seconds", FamilyType.Gauge);
    private static readonly MetricFamily SampleDuration = new("jailmetrics_sample_duration_seconds",
        "How long the latest sample of all jails took, in seconds", FamilyType.Gauge);
    private static readonly MetricFamily LastSample = new("jailmetrics_last_sample_timestamp_seconds",
        "When the latest sample was taken, in seconds since the Unix epoch; the values shown are that old", FamilyType.Gauge);

    public static void Write(ExpositionWriter writer, Snapshot sample)
    {
        writer.BeginFamily(RacctEnabled);
        if (sample.RacctEnabled is bool racct) writer.Series().Value(racct ? 1 : 0);

        writer.BeginFamily(JailCount);
        int jails = 0;
        foreach (var jail in sample.Jails)
            if (!jail.Info.IsHost) jails++;
        writer.Series().Value(jails);

        writer.BeginFamily(CollectorSuccess);
        foreach (var collector in sample.Collectors) writer.Series().Label("collector"u8, collector.Name).Value(collector.Success ? 1 : 0);
        writer.BeginFamily(CollectorDuration);
        foreach (var collector in sample.Collectors) writer.Series().Label("collector"u8, collector.Name).Value(collector.Duration.TotalSeconds);

        writer.BeginFamily(SampleDuration);
        writer.Series().Value(sample.Duration.TotalSeconds);
        writer.BeginFamily(LastSample);
        writer.Series().Value(sample.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
    }
}
