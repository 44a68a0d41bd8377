using System.Text.Encodings.Web;
using JailMetrics.Service.Prometheus;

namespace JailMetrics.Service.Web;

/// <summary>The small HTML page at <c>/</c>, so a person who opens the port finds the metrics.</summary>
public static class LandingPage
{
    public static string Render(string telemetryPath, BuildInfo build)
    {
        var html = HtmlEncoder.Default;
        string path = html.Encode(telemetryPath);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>JailMetrics</title></head>
            <body>
            <h1>JailMetrics</h1>
            <p>Metrics of every jail on this host (FreeBSD jails; containers on Linux), sampled in the background.</p>
            <ul><li><a href="{path}">{path}</a>: Prometheus metrics</li></ul>
            <p>Version {html.Encode(build.Version)} ({html.Encode(build.Revision)}), {html.Encode(build.Runtime)}, {html.Encode(build.Platform)}</p>
            </body>
            </html>
            """;
    }
}
