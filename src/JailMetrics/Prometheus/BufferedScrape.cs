using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// The metrics endpoint: prometheus-net's, serving the registry (the service's own metrics), with
/// the families of the latest sample (<see cref="SampleExposition"/>) written in front of its output
/// in the same format. prometheus-net still answers the request, so its content negotiation
/// (OpenMetrics on <c>Accept: application/openmetrics-text</c>), headers and status codes are unchanged,
/// and its <c># EOF</c> stays last. The whole response is built in memory and then copied to the client in
/// slices, with its length.
/// </summary>
public static class BufferedScrape
{
    /// <summary>Maps prometheus-net's metrics endpoint for <paramref name="registry"/> on <paramref name="path"/>, with the samples <paramref name="gate"/> hands over.</summary>
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string path, CollectorRegistry registry, SampleGate gate)
    {
        var endpoint = endpoints.MapMetrics(path, registry);
        endpoint.Add(built => built.RequestDelegate = Around(built.RequestDelegate!, gate));
        return endpoint;
    }

    /// <summary>Wraps the endpoint's <paramref name="serve"/> (prometheus-net's metric server).</summary>
    private static RequestDelegate Around(RequestDelegate serve, SampleGate gate) => async context =>
    {
        // Taken once: every family of this scrape comes from this one sample.
        var sample = gate.Current;
        var client = context.Response.Body;
        using var registryOutput = new MemoryStream();
        context.Response.Body = registryOutput;
        try
        {
            await serve(context).ConfigureAwait(false);
        }
        finally
        {
            // Setting the original stream back restores the original response body feature.
            context.Response.Body = client;
        }

        using var families = new ScrapeBuffer();
        if (context.Response.StatusCode == StatusCodes.Status200OK)
            SampleExposition.Write(families, FormatOf(context.Response), sample);
        context.Response.ContentLength = families.WrittenCount + registryOutput.Length;
        await WriteInSlicesAsync(client, families.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        registryOutput.Position = 0;
        await registryOutput.CopyToAsync(client, context.RequestAborted).ConfigureAwait(false);
    };

    /// <summary>
    /// Kestrel copies whatever one write hands it into its own pinned 4 KiB blocks before sending, and its
    /// pool keeps the blocks: one 2 MB write at 1000 jails left 4.1 MB of pinned object heap behind,
    /// 0.2 MB in slices (issue 8). Writing in slices lets each wait for the client (Kestrel's response buffer limit,
    /// 64 KiB) so only a few blocks are ever in use.
    /// </summary>
    internal const int SliceSize = 32 * 1024;

    private static async Task WriteInSlicesAsync(Stream client, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        for (int offset = 0; offset < bytes.Length; offset += SliceSize)
            await client.WriteAsync(bytes.Slice(offset, Math.Min(SliceSize, bytes.Length - offset)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The format prometheus-net negotiated, by the content type it answered with.</summary>
    private static ExpositionFormat FormatOf(HttpResponse response) =>
        response.ContentType?.StartsWith(PrometheusConstants.OpenMetricsContentType, StringComparison.OrdinalIgnoreCase) == true
            ? ExpositionFormat.OpenMetricsText
            : ExpositionFormat.PrometheusText;
}
