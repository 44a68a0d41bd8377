using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Web.Security;

/// <summary>
/// The <see cref="TlsMaterial"/> of the current TLS settings, reloaded when a certificate, key or CA
/// file changes (by <see cref="FileStamp"/>), so certificates rotate without a restart. A reload that
/// fails (say the certificate was replaced and the key not yet) keeps the last good material and is
/// tried again on the next handshake.
/// </summary>
public sealed class TlsMaterialCache(TlsServerConfig tls, TlsMaterial initial, ILogger logger)
{
    private readonly Lock _lock = new();
    private TlsServerConfig _tls = tls;
    private TlsMaterial _material = initial;
    private FileStamp[] _stamps = Stamps(tls);
    private FileStamp[]? _failedStamps;

    public TlsMaterial Get(TlsServerConfig current)
    {
        var stamps = Stamps(current);
        lock (_lock)
        {
            if (current == _tls && stamps.SequenceEqual(_stamps)) return _material;
            if (_failedStamps is not null && current == _tls && stamps.SequenceEqual(_failedStamps)) return _material;
            try
            {
                _material = TlsMaterial.Load(current);
                _stamps = stamps;
                _failedStamps = null;
                logger.LogInformation("Loaded TLS certificate {Subject} (expires {NotAfter:u}) from {CertFile}",
                    _material.Leaf.Subject, _material.Leaf.NotAfter.ToUniversalTime(), current.CertFile);
            }
            catch (Configuration.ConfigurationException e)
            {
                // Logged once per change of the files, not once per handshake.
                _failedStamps = stamps;
                logger.LogError("Keeping the previous TLS certificate: {Reason}", e.Message);
            }
            _tls = current;
            return _material;
        }
    }

    private static FileStamp[] Stamps(TlsServerConfig tls) =>
        [FileStamp.Of(tls.CertFile), FileStamp.Of(tls.KeyFile), tls.ClientCaFile is null ? default : FileStamp.Of(tls.ClientCaFile)];
}
