using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// Every family a sample gives, written at scrape time straight from the sample into the scrape's
/// buffer: the per-jail families of the tables, jail_info, the sample's own status and the firing
/// alerts. The service's own metrics (build info, notifications, inbound) stay in prometheus-net's
/// registry; <see cref="PrometheusView.ExportAsync"/> and <see cref="BufferedScrape"/> put both in one exposition.
/// </summary>
internal static class SampleExposition
{
    public static void Write(ScrapeBuffer output, ExpositionFormat format, PublishedSample? published)
    {
        if (published is null) return;
        var writer = new ExpositionWriter(output, format);
        var sample = published.Snapshot;
        JailFamilyWriter.Write(writer, sample.Jails);
        InterfaceFamilyWriter.Write(writer, sample.Jails);
        HostIpcFamilyWriter.Write(writer, sample.HostIpcLimits);
        LimitFamilyWriter.Write(writer, sample.Jails);
        BreachFamilyWriter.Write(writer, sample.Jails);
        JailInfoLabels.Write(writer, sample.Jails);
        SampleStatusWriter.Write(writer, sample);
        AlertFamilyWriter.Write(writer, published.Alerts);
    }
}
