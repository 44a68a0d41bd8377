using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace JailMetrics.Tests.Web;

/// <summary>
/// HttpClients that trust only a <see cref="TestPki"/>'s CA, each on connections of its own (so a
/// request after a certificate change makes a new TLS handshake), recording the certificate the server showed.
/// </summary>
internal static class TlsClients
{
    public static HttpClient Create(
        TestPki pki,
        List<X509Certificate2>? serverCertificates = null,
        SslProtocols protocols = SslProtocols.None,
        X509Certificate2? clientCertificate = null,
        (string User, string Password)? basicAuth = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.EnabledSslProtocols = protocols;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is not null) serverCertificates?.Add(new X509Certificate2(certificate));
            return pki.Issued(certificate);
        };
        if (clientCertificate is not null) handler.SslOptions.ClientCertificates = [clientCertificate];
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        if (basicAuth is var (user, password))
            client.DefaultRequestHeaders.Authorization = BasicHeader(user, password);
        return client;
    }

    public static AuthenticationHeaderValue BasicHeader(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>The status of one GET on a fresh connection, or null when TLS refused the connection.</summary>
    public static async Task<System.Net.HttpStatusCode?> StatusAsync(HttpClient client, string url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
