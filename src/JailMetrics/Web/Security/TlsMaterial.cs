using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JailMetrics.Service.Configuration;

namespace JailMetrics.Service.Web.Security;

/// <summary>
/// The certificate files of a <see cref="TlsServerConfig"/>, loaded: the server certificate with its
/// key and intermediates, and the client CAs.
/// </summary>
public sealed class TlsMaterial
{
    private TlsMaterial(SslStreamCertificateContext server, X509Certificate2Collection clientCas, X509Certificate2 leaf)
    {
        Server = server;
        ClientCas = clientCas;
        Leaf = leaf;
    }

    public SslStreamCertificateContext Server { get; }

    /// <summary>Roots that client certificates must chain to; empty when none is configured.</summary>
    public X509Certificate2Collection ClientCas { get; }

    public X509Certificate2 Leaf { get; }

    /// <exception cref="ConfigurationException">A file is missing or holds no usable certificate or key; the message names it.</exception>
    public static TlsMaterial Load(TlsServerConfig tls)
    {
        X509Certificate2 leaf;
        var chain = new X509Certificate2Collection();
        try
        {
            leaf = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
            chain.ImportFromPemFile(tls.CertFile);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConfigurationException($"TLS certificate {tls.CertFile} with key {tls.KeyFile}: {e.Message}", e);
        }
        // The first certificate is the leaf; what follows it in cert_file are intermediates to send along.
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain.Skip(1)) intermediates.Add(certificate);

        var clientCas = new X509Certificate2Collection();
        if (tls.ClientCaFile is not null)
        {
            try
            {
                clientCas.ImportFromPemFile(tls.ClientCaFile);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"TLS client_ca_file {tls.ClientCaFile}: {e.Message}", e);
            }
            if (clientCas.Count == 0) throw new ConfigurationException($"TLS client_ca_file {tls.ClientCaFile}: holds no PEM certificate");
        }
        // With a client CA, its names go out in the CertificateRequest, so clients pick the right certificate.
        var trust = clientCas.Count > 0 ? SslCertificateTrust.CreateForX509Collection(clientCas, sendTrustInHandshake: true) : null;
        var server = SslStreamCertificateContext.Create(leaf, intermediates, offline: true, trust);
        return new TlsMaterial(server, clientCas, leaf);
    }
}
