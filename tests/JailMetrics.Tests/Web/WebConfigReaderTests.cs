using System.Net.Security;
using System.Security.Authentication;
using JailMetrics.Service.Configuration;
using JailMetrics.Service.Web.Security;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Web;

public sealed class WebConfigReaderTests
{
    private const string Path = "/etc/jailmetrics/web.yml";
    private const string Hash = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG";

    [Fact]
    public void A_full_exporter_toolkit_file_reads_with_relative_paths_taken_from_its_directory()
    {
        var config = WebConfigReader.Parse($"""
            # comments are fine
            tls_server_config:
              cert_file: tls/server.crt
              key_file: /secure/server.key
              client_auth_type: VerifyClientCertIfGiven
              client_ca_file: ca.pem
              min_version: TLS13
              cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
              prefer_server_cipher_suites: true
            http_server_config:
              http2: false
              headers:
                X-Frame-Options: deny
                Content-Security-Policy: ""
            basic_auth_users:
              alice: {Hash}
              "bob smith": '{Hash}'
            """, Path);

        var tls = Assert.IsType<TlsServerConfig>(config.Tls);
        Assert.Equal("/etc/jailmetrics/tls/server.crt", tls.CertFile);
        Assert.Equal("/secure/server.key", tls.KeyFile);
        Assert.Equal("/etc/jailmetrics/ca.pem", tls.ClientCaFile);
        Assert.Equal(ClientAuthType.VerifyClientCertIfGiven, tls.ClientAuth);
        Assert.Equal(SslProtocols.Tls13, tls.Protocols);
        Assert.Equal([TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256], tls.CipherSuites);
        Assert.False(config.Http2);
        Assert.Equal(new Dictionary<string, string> { ["X-Frame-Options"] = "deny" }, config.Headers);
        Assert.Equal(["alice", "bob smith"], config.BasicAuthUsers.Keys.Order());
    }

    [Fact]
    public void Defaults_follow_exporter_toolkit_TLS12_to_TLS13_and_a_CA_alone_means_verified_client_certificates()
    {
        var config = WebConfigReader.Parse("tls_server_config: {cert_file: c, key_file: k, client_ca_file: ca}", Path);

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, config.Tls!.Protocols);
        Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, config.Tls.ClientAuth);
        Assert.Null(config.Tls.CipherSuites);
        Assert.True(config.Http2);
        Assert.Empty(config.BasicAuthUsers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing\n")]
    [InlineData("basic_auth_users:\n")]
    public void An_empty_file_serves_plain_HTTP_without_authentication(string text)
    {
        var config = WebConfigReader.Parse(text, Path);

        Assert.Null(config.Tls);
        Assert.Empty(config.BasicAuthUsers);
    }

    [Theory]
    [InlineData("tls_server_config:\n  cert_file: c\n  key_file: k\n  min_verison: TLS13\n", 4, "unknown key 'min_verison' in tls_server_config")]
    [InlineData("basic_auth_user:\n  a: b\n", 1, "unknown key 'basic_auth_user' in the file")]
    [InlineData("tls_server_config:\n  cert_file: c\n", 1, "tls_server_config needs key_file")]
    [InlineData("tls_server_config:\n  cert_file: c\n  key_file: k\n  client_auth_type: RequireClientCert\n", 4, "client_auth_type 'RequireClientCert' is not one of")]
    [InlineData("tls_server_config:\n  cert_file: c\n  key_file: k\n  client_auth_type: RequireAndVerifyClientCert\n", 1, "needs client_ca_file")]
    [InlineData("tls_server_config:\n  cert_file: c\n  key_file: k\n  min_version: TLS13\n  max_version: TLS12\n", 4, "min_version is above max_version")]
    [InlineData("tls_server_config:\n  cert_file: c\n  key_file: k\n  min_version: SSL3\n", 4, "min_version 'SSL3' is not one of TLS10, TLS11, TLS12, TLS13")]
    [InlineData("tls_server_config:\n  cert_file: c\n  key_file: k\n  cipher_suites: [RC4]\n", 4, "'RC4' is not a TLS cipher suite name")]
    [InlineData("tls_server_config:\n  cert: |\n    -----BEGIN\n", 2, "inline cert is not supported")]
    [InlineData("http_server_config:\n  headers:\n    X-Frame-Options: always\n", 3, "X-Frame-Options 'always' is not one of deny, sameorigin")]
    [InlineData("http_server_config:\n  headers:\n    Server: me\n", 3, "header 'Server' cannot be set")]
    [InlineData("http_server_config:\n  http2: yes please\n", 2, "http2 must be true or false")]
    [InlineData("basic_auth_users:\n  alice: hunter2\n", 2, "the password of alice is not a bcrypt hash")]
    [InlineData("basic_auth_users:\n  alice: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG\n  alice: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG\n", 3, "alice")]
    [InlineData("basic_auth_users: [alice]\n", 1, "basic_auth_users must be a mapping")]
    [InlineData("rate_limit:\n  interval: 1s\n", 1, "rate_limit is not supported")]
    [InlineData("basic_auth_users:\n  alice: [\n", 3, "")]
    public void A_bad_file_is_refused_naming_the_file_the_line_and_the_reason(string text, int line, string reason)
    {
        var e = Assert.Throws<ConfigurationException>(() => WebConfigReader.Parse(text, Path));

        Assert.StartsWith($"web config file {Path}, line {line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_refuses_to_start_on_a_bad_web_config_file_or_certificate_with_exit_code_2()
    {
        string directory = Directory.CreateTempSubdirectory("jailmetrics-webcfg-").FullName;
        try
        {
            string file = System.IO.Path.Combine(directory, "web.yml");
            File.WriteAllText(file, "tls_server_config:\n  cert_file: missing.pem\n  key_file: missing-key.pem\n  http2: true\n");
            var (exitCode, _, stderr) = ServiceProcess.Run("--web.config.file", file, "--snmp.enabled", "false", "--state.directory", directory);
            Assert.Equal(2, exitCode);
            Assert.Contains($"web config file {file}, line 4: unknown key 'http2' in tls_server_config", stderr, StringComparison.Ordinal);

            File.WriteAllText(file, "tls_server_config:\n  cert_file: missing.pem\n  key_file: missing-key.pem\n");
            (exitCode, _, stderr) = ServiceProcess.Run("--web.config.file", file, "--snmp.enabled", "false", "--state.directory", directory);
            Assert.Equal(2, exitCode);
            Assert.Contains($"web config file {file}, tls_server_config: TLS certificate {directory}/missing.pem", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
