using JailMetrics.Service.Configuration;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Web.Security;

/// <summary>
/// The web configuration file as it is now. Like exporter-toolkit, the file is looked at again on use
/// (one stat; re-read only when its <see cref="FileStamp"/> changed), so users, headers and TLS files
/// can change without a restart. A file that no longer reads keeps the last good configuration, with
/// an error logged. Whether HTTPS is served at all, and HTTP/2, are fixed at startup.
/// </summary>
public sealed class WebConfigMonitor
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private FileStamp _stamp;
    private FileStamp? _failedStamp;
    private Snapshot _current;

    /// <param name="initial">The configuration read at startup (<see cref="WebConfigReader.Read"/>), which decided the listeners.</param>
    public WebConfigMonitor(string path, WebConfig initial, ILogger<WebConfigMonitor> logger)
    {
        _path = Path.GetFullPath(path);
        _logger = logger;
        _stamp = FileStamp.Of(_path);
        _current = new Snapshot(initial, new BasicAuthVerifier(initial.BasicAuthUsers));
        Initial = initial;
    }

    /// <summary>What the listeners were set up from.</summary>
    public WebConfig Initial { get; }

    public WebConfig Current => Refresh().Config;

    public BasicAuthVerifier Verifier => Refresh().Verifier;

    private Snapshot Refresh()
    {
        var stamp = FileStamp.Of(_path);
        lock (_lock)
        {
            if (stamp == _stamp || stamp == _failedStamp) return _current;
            try
            {
                var config = WebConfigReader.Read(_path);
                if ((config.Tls is null) != (Initial.Tls is null) || config.Http2 != Initial.Http2)
                    _logger.LogWarning("Web config file {Path} changed whether TLS or HTTP/2 is on; that takes a restart, the rest applies now", _path);
                var verifier = config.BasicAuthUsers.SequenceEqual(_current.Config.BasicAuthUsers)
                    ? _current.Verifier
                    : new BasicAuthVerifier(config.BasicAuthUsers);
                _current = new Snapshot(config, verifier);
                _stamp = stamp;
                _failedStamp = null;
                _logger.LogInformation("Reloaded web config file {Path}", _path);
            }
            catch (ConfigurationException e)
            {
                _failedStamp = stamp;
                _logger.LogError("Keeping the previous web configuration: {Reason}", e.Message);
            }
            return _current;
        }
    }

    private sealed record Snapshot(WebConfig Config, BasicAuthVerifier Verifier);
}
