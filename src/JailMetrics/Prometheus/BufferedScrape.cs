using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// Serves the metrics endpoint of prometheus-net (which streams straight into the response) from
/// memory: the exposition is written into a buffer inside the <see cref="SampleGate"/> and copied to
/// the client after it, so a slow or stalled client never holds up the next sample.
/// prometheus-net still answers the request itself, so its content negotiation (OpenMetrics on
/// <c>Accept: application/openmetrics-text</c>), headers and status codes are unchanged.
/// </summary>
public static class BufferedScrape
{
    /// <summary>Maps prometheus-net's metrics endpoint for <paramref name="registry"/> on <paramref name="path"/>, served through <paramref name="gate"/>.</summary>
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string path, CollectorRegistry registry, SampleGate gate)
    {
        var endpoint = endpoints.MapMetrics(path, registry);
        endpoint.Add(built => built.RequestDelegate = Around(built.RequestDelegate!, gate));
        return endpoint;
    }

    /// <summary>Wraps the endpoint's <paramref name="serve"/> (prometheus-net's metric server).</summary>
    private static RequestDelegate Around(RequestDelegate serve, SampleGate gate) => async context =>
    {
        var client = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await gate.ReadAsync(() => serve(context), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            // Setting the original stream back restores the original response body feature.
            context.Response.Body = client;
        }
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(client, context.RequestAborted).ConfigureAwait(false);
    };
}
