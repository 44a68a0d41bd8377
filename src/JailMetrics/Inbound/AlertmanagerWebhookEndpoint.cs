using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Inbound;

/// <summary>
/// <c>POST /api/v1/alertmanager/webhook</c>: Alertmanager's webhook receiver. Answers as soon as the
/// body is read and validated — 202 when queued, 400 with the reason for a body that is not
/// Alertmanager's webhook JSON, 413 past <see cref="InboundOptions.MaxBodyBytes"/>, 503 when the queue
/// is full (Alertmanager retries 5xx) — and leaves the enforcement to <see cref="InboundAlertReceiver"/>.
/// Authentication is the web server's, as for every endpoint.
/// </summary>
public static class AlertmanagerWebhookEndpoint
{
    /// <summary>Maps the endpoint when routes are configured; without any it would accept alerts only to drop them.</summary>
    public static void Map(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<InboundOptions>>().Value;
        if (options.Routes.Count == 0) return;
        var receiver = app.Services.GetRequiredService<InboundAlertReceiver>();
        var stats = app.Services.GetRequiredService<InboundStats>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AlertmanagerWebhookEndpoint).FullName!);
        app.MapPost(InboundOptions.Path, async context =>
            await (await HandleAsync(context, receiver, stats, options.MaxBodyBytes, logger)).ExecuteAsync(context));
    }

    private static async Task<IResult> HandleAsync(HttpContext context, InboundAlertReceiver receiver, InboundStats stats, int maxBytes, ILogger logger)
    {
        string peer = context.Connection.RemoteIpAddress?.ToString() ?? "?";
        byte[]? body = await ReadBoundedAsync(context.Request, maxBytes, context.RequestAborted);
        if (body is null)
        {
            stats.Count(InboundRequestResult.TooLarge);
            logger.LogWarning("Refused an Alertmanager webhook from {Peer}: the body is larger than {Max} bytes (Inbound:MaxBodyBytes)", peer, maxBytes);
            return Results.Text($"body larger than {maxBytes} bytes\n", "text/plain", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        if (WebhookMessage.TryParse(body, out string? error) is not { } message)
        {
            stats.Count(InboundRequestResult.Invalid);
            logger.LogWarning("Refused an Alertmanager webhook from {Peer}: {Error}", peer, error);
            return Results.Text($"not an Alertmanager webhook message: {error}\n", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!receiver.TryEnqueue(message))
        {
            stats.Count(InboundRequestResult.Busy);
            logger.LogWarning("Refused an Alertmanager webhook from {Peer} with {Count} alert(s): the inbound queue is full (Inbound:QueueCapacity); Alertmanager will retry",
                peer, message.Alerts.Count);
            return Results.Text("queue full, retry later\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        stats.Count(InboundRequestResult.Accepted);
        logger.LogInformation("Accepted an Alertmanager webhook from {Peer} (receiver {Receiver}, {Status}) with {Count} alert(s)",
            peer, message.Receiver, message.Status, message.Alerts.Count);
        return Results.Text($"accepted {message.Alerts.Count} alert(s)\n", "text/plain", statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The whole body, or null once it passes <paramref name="maxBytes"/> (reading stops there).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
