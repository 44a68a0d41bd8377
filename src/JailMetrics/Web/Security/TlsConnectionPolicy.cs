using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Web.Security;

/// <summary>
/// The TLS settings of each new connection, built from the web config as it is at that moment: the
/// current certificate (<see cref="TlsMaterialCache"/>), the allowed versions and cipher suites, and
/// client certificates requested and checked per <c>client_auth_type</c> against <c>client_ca_file</c>.
/// </summary>
public sealed class TlsConnectionPolicy(WebConfigMonitor monitor, TlsMaterialCache certificates, ILogger<TlsConnectionPolicy> logger)
{
    /// <summary>OID of the clientAuth extended key usage (RFC 5280, 4.2.1.12), which Go requires of verified client certificates too.</summary>
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    // TLS 1.3 suites are not configurable in exporter-toolkit's format; they stay on beside a cipher_suites list.
    private static readonly TlsCipherSuite[] Tls13Suites =
        [TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256];

    /// <summary>Makes <paramref name="listen"/> serve HTTPS under this policy (HTTP/2 by ALPN when <paramref name="http2"/>).</summary>
    public void ApplyTo(ListenOptions listen, bool http2)
    {
        listen.Protocols = http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
        List<SslApplicationProtocol> alpn = http2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11];
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(ServerOptions(alpn)),
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
    }

    public SslServerAuthenticationOptions ServerOptions(List<SslApplicationProtocol> alpn)
    {
        // A reloaded file without tls_server_config cannot turn TLS off on a running listener: keep the startup one.
        var tls = monitor.Current.Tls ?? monitor.Initial.Tls!;
        var material = certificates.Get(tls);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = material.Server,
            EnabledSslProtocols = tls.Protocols,
            ApplicationProtocols = alpn,
            ClientCertificateRequired = tls.ClientAuth != ClientAuthType.NoClientCert,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => AcceptClient(tls, material, certificate),
        };
        if (tls.CipherSuites is { } suites && !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsIOS() && !OperatingSystem.IsTvOS() && !OperatingSystem.IsAndroid())
            options.CipherSuitesPolicy = new CipherSuitesPolicy(suites.Concat(Tls13Suites));
        return options;
    }

    private bool AcceptClient(TlsServerConfig tls, TlsMaterial material, X509Certificate? certificate)
    {
        if (certificate is null) return !tls.RequiresClientCertificate;
        if (!tls.VerifiesClientCertificates) return true;

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(material.ClientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthenticationOid));
        using var presented = new X509Certificate2(certificate);
        if (chain.Build(presented)) return true;
        logger.LogWarning("Refused client certificate {Subject}: {Status}", presented.Subject,
            string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
        return false;
    }
}
