namespace JailMetrics.Tests.Support;

/// <summary>A started peer that serves HTTP at <see cref="Url"/>: what prometheus, alertmanager and the exporters have in common.</summary>
internal abstract class HttpPeer(PeerProcess process, string url) : IAsyncDisposable
{
    /// <summary>The peer's base URL, <c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; } = url;

    /// <summary>Its standard output and error so far, for failure messages.</summary>
    public string Log => process.Log;

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
