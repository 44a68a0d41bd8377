using System.Net.Security;
using System.Security.Authentication;

namespace JailMetrics.Service.Web.Security;

/// <summary>
/// The web configuration file (<c>--web.config.file</c>) in Prometheus exporter-toolkit's format
/// (docs/web-configuration.md of prometheus/exporter-toolkit): TLS, response headers and basic-auth users.
/// </summary>
/// <param name="Tls">HTTPS settings; null serves plain HTTP.</param>
/// <param name="Http2">Offer HTTP/2 by ALPN on HTTPS listeners (exporter-toolkit's default is true).</param>
/// <param name="Headers">Headers added to every response.</param>
/// <param name="BasicAuthUsers">User name to bcrypt hash; empty means no authentication.</param>
public sealed record WebConfig(
    TlsServerConfig? Tls,
    bool Http2,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> BasicAuthUsers)
{
    public static WebConfig Empty { get; } = new(null, true, new Dictionary<string, string>(), new Dictionary<string, string>());
}

/// <summary>Go's crypto/tls ClientAuthType values, as exporter-toolkit names them.</summary>
public enum ClientAuthType
{
    NoClientCert,
    RequestClientCert,
    RequireAnyClientCert,
    VerifyClientCertIfGiven,
    RequireAndVerifyClientCert,
}

/// <param name="CertFile">PEM server certificate, then any intermediates (absolute path).</param>
/// <param name="KeyFile">PEM private key of the first certificate (absolute path).</param>
/// <param name="ClientCaFile">PEM CA certificates client certificates are verified against, or null.</param>
/// <param name="Protocols">Every TLS version from min_version to max_version.</param>
/// <param name="CipherSuites">The TLS 1.0–1.2 suites to allow; null for the system's defaults.</param>
public sealed record TlsServerConfig(
    string CertFile,
    string KeyFile,
    ClientAuthType ClientAuth,
    string? ClientCaFile,
    SslProtocols Protocols,
    IReadOnlyList<TlsCipherSuite>? CipherSuites)
{
    /// <summary>Whether a client certificate has to chain to <see cref="ClientCaFile"/> when one is presented.</summary>
    public bool VerifiesClientCertificates => ClientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;

    /// <summary>Whether a connection without a client certificate is refused.</summary>
    public bool RequiresClientCertificate => ClientAuth is ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert;
}
