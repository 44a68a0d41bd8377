using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JailMetrics.Tests.Web;

/// <summary>
/// A throwaway certificate authority in a temp directory (removed on dispose): it issues server
/// certificates for 127.0.0.1 and client certificates, written as PEM files the way operators keep them.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly X509Certificate2 _ca;

    private TestPki(string directory, X509Certificate2 ca, string caFile)
    {
        Directory = directory;
        _ca = ca;
        CaFile = caFile;
    }

    public string Directory { get; }

    /// <summary>The CA certificate, PEM.</summary>
    public string CaFile { get; }

    public X509Certificate2 Ca => _ca;

    public static TestPki Create(string name)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("jailmetrics-pki-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Outlives every certificate it issues (those end a day from their issue).
        var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(7));
        string caFile = Path.Combine(directory, "ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        return new TestPki(directory, ca, caFile);
    }

    /// <summary>
    /// A server certificate for IP 127.0.0.1 written to <paramref name="certFile"/> and
    /// <paramref name="keyFile"/> (replaced by rename, so a reader never sees half a file).
    /// </summary>
    public X509Certificate2 IssueServer(string commonName, string certFile, string keyFile)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        var (certificate, key) = Issue(commonName, "1.3.6.1.5.5.7.3.1", san.Build());
        Replace(certFile, certificate.ExportCertificatePem());
        Replace(keyFile, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    /// <summary>A client certificate with its private key, for HttpClient.</summary>
    public X509Certificate2 IssueClient(string commonName)
    {
        var (certificate, key) = Issue(commonName, "1.3.6.1.5.5.7.3.2", null);
        using (key) return certificate.CopyWithPrivateKey(key);
    }

    private (X509Certificate2 Certificate, ECDsa Key) Issue(string commonName, string extendedUsage, X509Extension? san)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedUsage)], false));
        if (san is not null) request.CertificateExtensions.Add(san);
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f; // a positive serial number (RFC 5280, 4.1.2.2)
        var certificate = request.Create(_ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return (certificate, key);
    }

    private static void Replace(string path, string text)
    {
        string temporary = path + ".new";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA: what a client trusting only the CA would check.</summary>
    public bool Issued(X509Certificate? certificate)
    {
        if (certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }

    public void Dispose()
    {
        _ca.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
