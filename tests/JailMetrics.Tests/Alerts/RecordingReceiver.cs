using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// An HTTP receiver on a free loopback port that records every POST body and answers with
/// <see cref="Status"/> (settable, so a test can play a failing receiver), or stalls every request
/// while <see cref="Stall"/> is set.
/// </summary>
internal sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, JsonNode Body)> _received = new();

    public volatile int Status = 200;
    public volatile bool Stall;
    public int Requests => _requests;
    private int _requests;

    private RecordingReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<(string Path, JsonNode Body)> Received => [.. _received];

    public static async Task<RecordingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new RecordingReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            // The answer is fixed when the request is counted, so a test that sees the count and then
            // changes Status changes only later requests' answers.
            int status = receiver.Status;
            Interlocked.Increment(ref receiver._requests);
            while (receiver.Stall) await Task.Delay(50, context.RequestAborted);
            var body = await JsonNode.ParseAsync(context.Request.Body);
            receiver._received.Enqueue((context.Request.Path.Value ?? "", body!));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.Url = app.Urls.Single();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        Stall = false;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
