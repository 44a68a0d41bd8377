using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Web;

/// <summary>
/// The built service behind <c>--web.config.file</c>, checked with real peers: a Prometheus server
/// scraping over TLS with basic auth (and one with a wrong password), a hash made by Apache's
/// htpasswd, certificates replaced while the service runs, TLS versions and client certificates.
/// </summary>
public sealed class WebSecurityLiveTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-webauth-").FullName;
    private readonly HttpClient _plain = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _plain.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task Prometheus_scrapes_a_sandbox_jail_over_TLS_with_basic_auth_and_a_wrong_password_gets_401_and_no_metrics()
    {
        Prerequisites.RequireRoot();
        using var pki = TestPki.Create("jailmetrics test CA");
        string certFile = Path.Combine(pki.Directory, "server.pem"), keyFile = Path.Combine(pki.Directory, "server-key.pem");
        pki.IssueServer("jailmetrics", certFile, keyFile);
        const string user = "prometheus", password = "scrape me, 15s";
        // The hash comes from Apache's htpasswd, not from our own code.
        string hash = Htpasswd.Hash(user, password);
        string webConfig = Path.Combine(pki.Directory, "web.yml");
        File.WriteAllText(webConfig, $"""
            tls_server_config:
              cert_file: server.pem
              key_file: server-key.pem
            basic_auth_users:
              {user}: {hash}
            """);

        int port = ServiceProcess.FreePort();
        string metricsUrl = $"https://127.0.0.1:{port}/metrics";
        using var service = ServiceProcess.Start(
        [
            "--web.listen-address", $"127.0.0.1:{port}", "--web.config.file", webConfig,
            "--state.directory", _stateDirectory, "--sampling.interval", "1s",
        ]);
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, RssBytes = 24L << 20 });
        using var authorized = TlsClients.Create(pki, basicAuth: (user, password));
        await service.WaitUntilServingAsync(authorized, metricsUrl, Patience);

        // Wrong password, unknown user, no credentials, garbage: 401 with a Basic challenge and no metrics.
        foreach (var credentials in new (string, string)?[] { (user, "wrong"), ("nobody", password), null })
        {
            using var client = TlsClients.Create(pki, basicAuth: credentials);
            using var response = await client.GetAsync(metricsUrl);
            string body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("Basic realm=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("jail_", body, StringComparison.Ordinal);
        }
        // Every endpoint is covered, not only /metrics: the landing page and an unmapped path too.
        using (var anonymous = TlsClients.Create(pki))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await TlsClients.StatusAsync(anonymous, $"https://127.0.0.1:{port}/"));
            Assert.Equal(HttpStatusCode.Unauthorized, await TlsClients.StatusAsync(anonymous, $"https://127.0.0.1:{port}/api/v1/alertmanager/webhook"));
        }
        // Plain HTTP on the TLS port gets no page.
        Assert.NotEqual(HttpStatusCode.OK, await TlsClients.StatusAsync(_plain, $"http://127.0.0.1:{port}/metrics"));

        string target = $"127.0.0.1:{port}";
        await using var prometheus = await PrometheusServer.StartAsync(_plain, $"""
              - job_name: good
                scheme: https
                tls_config: {"{"} ca_file: {pki.CaFile} {"}"}
                basic_auth: {"{"} username: {user}, password: "{password}" {"}"}
                static_configs: [{"{"} targets: ["{target}"] {"}"}]
              - job_name: wrong
                # A wrong password costs a bcrypt every scrape, which takes far longer on a loaded
                # machine than the good job's cached check: a slower, more patient job.
                scrape_interval: 5s
                scrape_timeout: 5s
                scheme: https
                tls_config: {"{"} ca_file: {pki.CaFile} {"}"}
                basic_auth: {"{"} username: {user}, password: "not it" {"}"}
                static_configs: [{"{"} targets: ["{target}"] {"}"}]
            """);

        var memory = await UntilAsync(() => prometheus.QueryAsync(_plain, $"jail_memoryuse_bytes{{job=\"good\",name=\"{sandbox.Name}\"}}"),
            result => result.Length == 1, prometheus.Log);
        double bytes = double.Parse(memory[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        Assert.True(bytes >= 24L << 20, $"jail_memoryuse_bytes of {sandbox.Name} is {bytes}, below the workload's 24 MiB");

        var targets = await UntilAsync(() => prometheus.TargetsAsync(_plain),
            all => all.Any(t => t.Job == "wrong" && t.Health == "down" && t.LastError.Contains("401", StringComparison.Ordinal))
                   && all.Any(t => t.Job == "good" && t.Health == "up"), prometheus.Log);
        Assert.Contains("Unauthorized", targets.Single(t => t.Job == "wrong").LastError, StringComparison.Ordinal);
        var up = await prometheus.QueryAsync(_plain, "up{job=\"wrong\"}");
        Assert.Equal("0", Assert.Single(up).GetProperty("value")[1].GetString());
        Assert.Empty(await prometheus.QueryAsync(_plain, "{job=\"wrong\",__name__=~\"jail_.*\"}"));
    }

    [Fact]
    public async Task Certificates_rotate_without_restart_and_the_TLS_version_and_client_certificate_rules_hold()
    {
        using var pki = TestPki.Create("jailmetrics rotation CA");
        using var stranger = TestPki.Create("someone else's CA");
        string certFile = Path.Combine(pki.Directory, "server.pem"), keyFile = Path.Combine(pki.Directory, "server-key.pem");
        var before = pki.IssueServer("jailmetrics-before", certFile, keyFile);
        string webConfig = Path.Combine(pki.Directory, "web.yml");
        File.WriteAllText(webConfig, $"""
            tls_server_config:
              cert_file: {certFile}
              key_file: {keyFile}
              min_version: TLS13
            http_server_config:
              headers:
                X-Content-Type-Options: nosniff
            """);
        int port = ServiceProcess.FreePort();
        string url = $"https://127.0.0.1:{port}/metrics";
        using var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{port}", "--web.config.file", webConfig, "--state.directory", _stateDirectory, "--snmp.enabled", "false"]);
        using (var first = TlsClients.Create(pki)) await service.WaitUntilServingAsync(first, url, Patience);

        var seen = new List<X509Certificate2>();
        using (var client = TlsClients.Create(pki, seen))
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
        Assert.Equal(before.Thumbprint, Assert.Single(seen).Thumbprint);

        // min_version TLS13: a client that only speaks TLS 1.2 is refused in the handshake.
        using (var old = TlsClients.Create(pki, protocols: SslProtocols.Tls12))
            Assert.Null(await TlsClients.StatusAsync(old, url));

        // Rotation: new files in place, and the very next connection gets the new certificate.
        var after = pki.IssueServer("jailmetrics-after!", certFile, keyFile);
        seen.Clear();
        using (var client = TlsClients.Create(pki, seen))
            Assert.Equal(HttpStatusCode.OK, await TlsClients.StatusAsync(client, url));
        Assert.Equal(after.Thumbprint, Assert.Single(seen).Thumbprint);
        Assert.Contains("Loaded TLS certificate CN=jailmetrics-after!", service.StandardError, StringComparison.Ordinal);

        // The web config itself is re-read too: require client certificates from this CA.
        File.WriteAllText(webConfig, $"""
            tls_server_config:
              cert_file: {certFile}
              key_file: {keyFile}
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: {pki.CaFile}
            """);
        using (var anonymous = TlsClients.Create(pki))
            Assert.Null(await TlsClients.StatusAsync(anonymous, url));
        using (var foreign = TlsClients.Create(pki, clientCertificate: stranger.IssueClient("intruder")))
            Assert.Null(await TlsClients.StatusAsync(foreign, url));
        using (var member = TlsClients.Create(pki, clientCertificate: pki.IssueClient("prometheus")))
            Assert.Equal(HttpStatusCode.OK, await TlsClients.StatusAsync(member, url));
        Assert.False(service.HasExited, service.StandardError);
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string log)
    {
        var deadline = DateTime.UtcNow + Patience;
        T value;
        do
        {
            value = await read();
            if (done(value)) return value;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"not reached within {Patience}; last seen: {System.Text.Json.JsonSerializer.Serialize(value)}\n{log}");
        return value;
    }
}
