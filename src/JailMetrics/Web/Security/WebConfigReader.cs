using System.Net.Security;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using JailMetrics.Service.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JailMetrics.Service.Web.Security;

/// <summary>
/// Reads a web configuration file (<see cref="WebConfig"/>). Anything wrong stops with a
/// <see cref="ConfigurationException"/> naming the file, the line and the reason; unknown keys are
/// errors, as exporter-toolkit's strict YAML decoding makes them. Relative paths are taken from the
/// file's own directory, as exporter-toolkit does.
/// </summary>
public static partial class WebConfigReader
{
    private static readonly string[] TopKeys = ["tls_server_config", "http_server_config", "basic_auth_users", "rate_limit"];

    private static readonly string[] TlsKeys =
    [
        "cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version", "max_version", "cipher_suites",
        "prefer_server_cipher_suites", "cert", "key", "client_ca", "client_allowed_sans", "curve_preferences",
    ];

    private static readonly string[] HttpKeys = ["http2", "headers"];

    /// <summary>The headers exporter-toolkit lets a config set, with the values it accepts (null: any).</summary>
    private static readonly Dictionary<string, string[]?> KnownHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Security-Policy"] = null,
        ["X-Frame-Options"] = ["deny", "sameorigin"],
        ["X-Content-Type-Options"] = ["nosniff"],
        ["X-XSS-Protection"] = null,
        ["Strict-Transport-Security"] = null,
    };

    private static readonly Dictionary<string, SslProtocols> Versions = new(StringComparer.Ordinal)
    {
#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are obsolete, but exporter-toolkit's format names them; the default stays TLS12.
        ["TLS10"] = SslProtocols.Tls,
        ["TLS11"] = SslProtocols.Tls11,
#pragma warning restore SYSLIB0039
        ["TLS12"] = SslProtocols.Tls12,
        ["TLS13"] = SslProtocols.Tls13,
    };

    /// <summary>$2a$/$2b$/$2y$ (and the legacy $2$/$2x$), a two-digit cost, 22 characters of salt and 31 of hash.</summary>
    [GeneratedRegex(@"^\$2[abxy]?\$(?<cost>\d\d)\$[./A-Za-z0-9]{53}$", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptHash();

    /// <exception cref="ConfigurationException">The file is missing, unreadable, not YAML, or has a bad or unknown key.</exception>
    public static WebConfig Read(string path)
    {
        string fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"web config file {fullPath}: {e.Message}", e);
        }
        return Parse(text, fullPath);
    }

    /// <param name="fullPath">Where the text came from: named in errors, and the base of relative paths.</param>
    public static WebConfig Parse(string text, string fullPath)
    {
        var context = new Context(fullPath);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw context.Error(e.Start, e.InnerException?.Message ?? e.Message);
        }
        if (yaml.Documents.Count == 0 || IsNull(yaml.Documents[0].RootNode)) return WebConfig.Empty;
        if (yaml.Documents.Count > 1) throw context.Error(yaml.Documents[1].RootNode, "holds more than one YAML document");

        var top = context.Mapping(yaml.Documents[0].RootNode, "the file", TopKeys);
        if (top.TryGetValue("rate_limit", out var rateLimit))
            throw context.Error(rateLimit.Key, "rate_limit is not supported by jailmetrics; put a reverse proxy in front to limit request rates");

        var tls = top.TryGetValue("tls_server_config", out var tlsNode) && !IsNull(tlsNode.Value) ? ReadTls(context, tlsNode) : null;
        bool http2 = true;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (top.TryGetValue("http_server_config", out var httpNode) && !IsNull(httpNode.Value))
        {
            var http = context.Mapping(httpNode.Value, "http_server_config", HttpKeys);
            if (http.TryGetValue("http2", out var http2Node)) http2 = context.Boolean(http2Node.Value, "http2");
            if (http.TryGetValue("headers", out var headersNode) && !IsNull(headersNode.Value))
                ReadHeaders(context, headersNode.Value, headers);
        }
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (top.TryGetValue("basic_auth_users", out var usersNode) && !IsNull(usersNode.Value))
            ReadUsers(context, usersNode.Value, users);
        return new WebConfig(tls, http2, headers, users);
    }

    private static TlsServerConfig ReadTls(Context context, KeyValuePair<YamlScalarNode, YamlNode> section)
    {
        var tls = context.Mapping(section.Value, "tls_server_config", TlsKeys);
        foreach (string inline in new[] { "cert", "key", "client_ca" })
        {
            if (tls.TryGetValue(inline, out var node))
                throw context.Error(node.Key, $"inline {inline} is not supported by jailmetrics; put the PEM in a file and use {inline}_file");
        }
        foreach (string unsupported in new[] { "client_allowed_sans", "curve_preferences" })
        {
            if (tls.TryGetValue(unsupported, out var node))
                throw context.Error(node.Key, $"{unsupported} is not supported by jailmetrics");
        }
        if (tls.TryGetValue("prefer_server_cipher_suites", out var prefer))
            context.Boolean(prefer.Value, "prefer_server_cipher_suites"); // accepted, as OpenSSL's order is used either way

        string certFile = context.RequiredPath(tls, "cert_file", section.Key);
        string keyFile = context.RequiredPath(tls, "key_file", section.Key);
        string? clientCaFile = tls.TryGetValue("client_ca_file", out var caNode) ? context.Path(caNode.Value, "client_ca_file") : null;

        // exporter-toolkit's default: no client certificates, or verified ones when a CA is given.
        var clientAuth = clientCaFile is null ? ClientAuthType.NoClientCert : ClientAuthType.RequireAndVerifyClientCert;
        if (tls.TryGetValue("client_auth_type", out var authNode))
        {
            string name = context.String(authNode.Value, "client_auth_type");
            if (!Enum.TryParse(name, ignoreCase: false, out clientAuth) || !Enum.IsDefined(clientAuth))
                throw context.Error(authNode.Value, $"client_auth_type '{name}' is not one of {string.Join(", ", Enum.GetNames<ClientAuthType>())}");
        }
        var probe = new TlsServerConfig(certFile, keyFile, clientAuth, clientCaFile, SslProtocols.None, null);
        if (probe.VerifiesClientCertificates && clientCaFile is null)
            throw context.Error(section.Key, $"client_auth_type {clientAuth} needs client_ca_file: the CA to verify client certificates against");
        if (!probe.VerifiesClientCertificates && clientCaFile is not null)
            throw context.Error(caNode.Key, $"client_ca_file is given but client_auth_type {clientAuth} never verifies client certificates; use VerifyClientCertIfGiven or RequireAndVerifyClientCert");

        var (min, minNode) = Version(context, tls, "min_version", "TLS12");
        var (max, maxNode) = Version(context, tls, "max_version", "TLS13");
        if (min > max) throw context.Error(minNode ?? maxNode!, "min_version is above max_version");
        var protocols = Versions.Values.Where(v => v >= min && v <= max).Aggregate(SslProtocols.None, (all, v) => all | v);

        List<TlsCipherSuite>? suites = null;
        if (tls.TryGetValue("cipher_suites", out var suitesNode) && !IsNull(suitesNode.Value))
        {
            suites = [];
            foreach (var item in context.Sequence(suitesNode.Value, "cipher_suites"))
            {
                string name = context.String(item, "a cipher suite");
                if (!Enum.TryParse(name, ignoreCase: false, out TlsCipherSuite suite) || !name.StartsWith("TLS_", StringComparison.Ordinal))
                    throw context.Error(item, $"'{name}' is not a TLS cipher suite name (IANA names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
                suites.Add(suite);
            }
        }
        return probe with { Protocols = protocols, CipherSuites = suites };
    }

    private static (SslProtocols Version, YamlNode? Node) Version(Context context, Dictionary<string, KeyValuePair<YamlScalarNode, YamlNode>> tls, string key, string byDefault)
    {
        if (!tls.TryGetValue(key, out var node)) return (Versions[byDefault], null);
        string name = context.String(node.Value, key);
        if (!Versions.TryGetValue(name, out var version))
            throw context.Error(node.Value, $"{key} '{name}' is not one of {string.Join(", ", Versions.Keys)}");
        return (version, node.Value);
    }

    private static void ReadHeaders(Context context, YamlNode node, Dictionary<string, string> headers)
    {
        foreach (var (key, value) in context.Mapping(node, "headers", null).Values)
        {
            if (!KnownHeaders.TryGetValue(key.Value!, out string[]? accepted))
                throw context.Error(key, $"header '{key.Value}' cannot be set; the known ones are {string.Join(", ", KnownHeaders.Keys)}");
            string text = context.String(value, key.Value!);
            if (text.Length == 0) continue; // blank means unset
            if (accepted is not null && !accepted.Contains(text, StringComparer.OrdinalIgnoreCase))
                throw context.Error(value, $"{key.Value} '{text}' is not one of {string.Join(", ", accepted)}");
            headers[key.Value!] = text;
        }
    }

    private static void ReadUsers(Context context, YamlNode node, Dictionary<string, string> users)
    {
        foreach (var (key, value) in context.Mapping(node, "basic_auth_users", null).Values)
        {
            string user = key.Value!;
            if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
                throw context.Error(key, $"user name '{user}' must be non-empty and contain no ':' (basic auth splits on it)");
            string hash = context.String(value, $"the hash of {user}");
            var match = BcryptHash().Match(hash);
            if (!match.Success)
                throw context.Error(value, $"the password of {user} is not a bcrypt hash ($2y$10$ followed by 53 characters); make one with `jailmetrics hash-password`");
            int cost = int.Parse(match.Groups["cost"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (cost is < 4 or > 31) throw context.Error(value, $"the bcrypt cost {cost} of {user} is outside 4..31");
            users[user] = hash;
        }
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>The file being read: errors name it and the line, and relative paths resolve against its directory.</summary>
    private sealed class Context(string fullPath)
    {
        public ConfigurationException Error(YamlNode node, string reason) => Error(node.Start, reason);

        public ConfigurationException Error(Mark mark, string reason) =>
            new($"web config file {fullPath}, line {mark.Line}: {reason}");

        /// <summary>A mapping's entries by key; with <paramref name="known"/>, any other key is an error.</summary>
        public Dictionary<string, KeyValuePair<YamlScalarNode, YamlNode>> Mapping(YamlNode node, string what, string[]? known)
        {
            if (node is not YamlMappingNode mapping) throw Error(node, $"{what} must be a mapping of keys to values");
            var entries = new Dictionary<string, KeyValuePair<YamlScalarNode, YamlNode>>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { } key } scalar) throw Error(keyNode, $"a key in {what} must be a plain string");
                if (known is not null && !known.Contains(key, StringComparer.Ordinal))
                    throw Error(keyNode, $"unknown key '{key}' in {what}; the known keys are {string.Join(", ", known)}");
                if (!entries.TryAdd(key, new(scalar, value))) throw Error(keyNode, $"key '{key}' appears twice in {what}");
            }
            return entries;
        }

        public IEnumerable<YamlNode> Sequence(YamlNode node, string what) =>
            node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list");

        public string String(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{what} must be a string");

        public bool Boolean(YamlNode node, string what) => String(node, what) switch
        {
            "true" => true,
            "false" => false,
            var other => throw Error(node, $"{what} must be true or false, not '{other}'"),
        };

        /// <summary>A file path, relative ones taken from the config file's directory.</summary>
        public string Path(YamlNode node, string what)
        {
            string value = String(node, what);
            if (value.Length == 0) throw Error(node, $"{what} is empty");
            return System.IO.Path.GetFullPath(value, System.IO.Path.GetDirectoryName(fullPath)!);
        }

        public string RequiredPath(Dictionary<string, KeyValuePair<YamlScalarNode, YamlNode>> section, string key, YamlNode sectionKey) =>
            section.TryGetValue(key, out var node) ? Path(node.Value, key) : throw Error(sectionKey, $"tls_server_config needs {key}");
    }
}
