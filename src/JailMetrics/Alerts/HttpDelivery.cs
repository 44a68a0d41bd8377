using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// Posts JSON bodies to HTTP receivers from a background loop, so that an alert sink only enqueues:
/// the sampler's thread never waits on a network peer. The queue is bounded and drops its oldest
/// entry when full, because a dead receiver must not grow memory without limit and the newest state
/// is the one worth delivering. A failed POST (transport error, timeout, 5xx or 429) is retried
/// with doubling backoff a bounded number of times; other statuses are final, as in Alertmanager's
/// own retrier, because sending the same body again cannot fix them.
/// </summary>
public sealed class HttpDelivery : IAsyncDisposable, IDisposable
{
    public const int DefaultCapacity = 1000;
    public const int DefaultAttempts = 4;

    private readonly Channel<(Uri Url, string Body)> _queue;
    private readonly HttpClient _client;
    private readonly ILogger _logger;
    private readonly string _receiver;
    private readonly int _attempts;
    private readonly TimeSpan _firstBackoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sent, _failed, _dropped, _retried;
    private int _disposed;

    /// <param name="receiver">What the receivers are, for log lines ("Alertmanager", "webhook").</param>
    public HttpDelivery(string receiver, TimeSpan timeout, ILogger logger,
        int attempts = DefaultAttempts, TimeSpan? firstBackoff = null, int capacity = DefaultCapacity)
    {
        _receiver = receiver;
        _logger = logger;
        _attempts = Math.Max(1, attempts);
        _firstBackoff = firstBackoff ?? TimeSpan.FromSeconds(1);
        _client = new HttpClient { Timeout = timeout };
        _queue = Channel.CreateBounded<(Uri, string)>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Bodies delivered with a 2xx answer.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Bodies given up on after the last attempt, or refused with a final status.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Bodies pushed out of a full queue before they were tried.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>POSTs tried again after a retryable failure (each retry counted once).</summary>
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>Queues one POST; never blocks.</summary>
    public void Enqueue(Uri url, string body) => _queue.Writer.TryWrite((url, body));

    private async Task RunAsync()
    {
        try
        {
            await foreach (var (url, body) in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                if (await DeliverAsync(url, body)) Interlocked.Increment(ref _sent);
                else Interlocked.Increment(ref _failed);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> DeliverAsync(Uri url, string body)
    {
        var backoff = _firstBackoff;
        for (int attempt = 1; ; attempt++)
        {
            string problem;
            bool retryable;
            try
            {
                using var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await _client.PostAsync(url, content, _stop.Token);
                if (response.IsSuccessStatusCode) return true;
                int status = (int)response.StatusCode;
                problem = $"HTTP {status} {response.ReasonPhrase}";
                retryable = status >= 500 || status == 429;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !_stop.IsCancellationRequested)
            {
                problem = e.Message;
                retryable = true;
            }

            if (!retryable || attempt >= _attempts)
            {
                _logger.LogWarning("Could not deliver an alert to {Receiver} {Url} after {Attempts} attempt(s): {Problem}",
                    _receiver, url, attempt, problem);
                return false;
            }
            _logger.LogDebug("Alert delivery to {Receiver} {Url} failed ({Problem}); retrying in {Backoff}", _receiver, url, problem, backoff);
            Interlocked.Increment(ref _retried);
            await Task.Delay(backoff, _stop.Token);
            backoff *= 2;
        }
    }

    /// <summary>Stops at once: alerts still queued are lost, which a restart's state file and resend make good.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        _client.Dispose();
        _stop.Dispose();
    }

    /// <summary>For containers disposed synchronously; the loop ends as soon as its POST is cancelled.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
