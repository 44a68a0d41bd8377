using System.Text;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public sealed class UsmUserStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("jm-usm-");
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public void Dispose() => _directory.Delete(recursive: true);

    private SecretResolver Secrets => new(name => _environment.GetValueOrDefault(name));

    private UsmUserStore Build(params UsmUserOptions[] users) => UsmUserStore.FromOptions(users, secrets: Secrets);

    private UsmConfigurationException Fails(params UsmUserOptions[] users) =>
        Assert.Throws<UsmConfigurationException>(() => Build(users));

    [Fact]
    public void A_vector_e_user_from_config_has_vector_e_keys()
    {
        var store = Build(new UsmUserOptions
        {
            Name = "shaaes", AuthProtocol = "SHA", AuthPassword = "authpass123", PrivProtocol = "AES", PrivPassword = "privpass123",
        });

        Assert.True(store.TryGetUser("shaaes"u8, out var user));
        Assert.Equal(SecurityLevel.AuthPriv, user.MinimumLevel);
        var keys = user.KeysFor(VectorE.EngineId);
        Assert.True(keys.Authenticator!.Verify(VectorE.Request(), VectorE.MacOffset, 12));
        Assert.True(keys.TryDecrypt(VectorE.Boots, VectorE.Time, VectorE.RequestSalt,
            VectorE.EncryptedPart(VectorE.Request(), VectorE.RequestEncryptedLength), out byte[] scopedPdu));
        Assert.Equal(VectorE.RequestScopedPdu, scopedPdu);
    }

    [Fact]
    public void Keys_are_localized_once_per_engine_and_differ_between_engines()
    {
        var user = new UsmUser("u", AuthProtocol.HmacSha256, "authpass123"u8, PrivProtocol.Aes128, "privpass123"u8, SecurityLevel.AuthPriv, AccessView.All);
        byte[] engineA = Hex.Bytes("80007ed90501020304050607aa");
        byte[] engineB = Hex.Bytes("80007ed90501020304050607bb");

        Assert.Same(user.KeysFor(engineA), user.KeysFor(engineA));
        Assert.NotSame(user.KeysFor(engineA), user.KeysFor(engineB));

        byte[] message = new byte[64];
        user.KeysFor(engineA).Authenticator!.Sign(message, 10);
        Assert.False(user.KeysFor(engineB).Authenticator!.Verify(message, 10, 24));
    }

    [Fact]
    public void Passwords_come_from_files_and_the_environment_without_their_trailing_newline()
    {
        string file = Path.Combine(_directory.FullName, "auth");
        File.WriteAllText(file, "authpass123\n");
        _environment["JM_PRIV"] = "privpass123\r\n";

        var store = Build(new UsmUserOptions
        {
            Name = "shaaes", AuthProtocol = "SHA", AuthPasswordFile = file, PrivProtocol = "AES-128", PrivPasswordEnv = "JM_PRIV",
        });

        Assert.True(store.TryGetUser("shaaes"u8, out var user));
        Assert.True(user.KeysFor(VectorE.EngineId).Authenticator!.Verify(VectorE.Request(), VectorE.MacOffset, 12));
        Assert.True(user.KeysFor(VectorE.EngineId).TryDecrypt(VectorE.Boots, VectorE.Time, VectorE.RequestSalt,
            VectorE.EncryptedPart(VectorE.Request(), VectorE.RequestEncryptedLength), out byte[] scopedPdu));
        Assert.Equal(VectorE.RequestScopedPdu, scopedPdu);
    }

    [Fact]
    public void A_short_password_names_user_and_field_but_not_the_password()
    {
        var error = Fails(new UsmUserOptions { Name = "monitor", AuthProtocol = "SHA-256", AuthPassword = "s3cr3t!" });

        Assert.Contains("'monitor'", error.Message);
        Assert.Contains("AuthPassword", error.Message);
        Assert.Contains("8", error.Message);
        Assert.DoesNotContain("s3cr3t!", error.Message);
    }

    [Fact]
    public void A_short_password_from_a_file_names_the_file()
    {
        string file = Path.Combine(_directory.FullName, "priv");
        File.WriteAllText(file, "tiny\n");

        var error = Fails(new UsmUserOptions
        {
            Name = "monitor", AuthProtocol = "SHA", AuthPassword = "authpass123", PrivProtocol = "AES", PrivPasswordFile = file,
        });

        Assert.Contains("PrivPasswordFile", error.Message);
        Assert.Contains(file, error.Message);
        Assert.DoesNotContain("tiny", error.Message);
    }

    [Fact]
    public void A_missing_file_or_variable_is_a_clear_error()
    {
        string missing = Path.Combine(_directory.FullName, "nope");
        var fileError = Fails(new UsmUserOptions { Name = "monitor", AuthProtocol = "SHA", AuthPasswordFile = missing });
        Assert.Contains("'monitor': AuthPasswordFile", fileError.Message);
        Assert.Contains("cannot be read", fileError.Message);

        var envError = Fails(new UsmUserOptions { Name = "monitor", AuthProtocol = "SHA", AuthPasswordEnv = "JM_UNSET" });
        Assert.Contains("AuthPasswordEnv 'JM_UNSET'", envError.Message);
        Assert.Contains("not set", envError.Message);
    }

    [Fact]
    public void Two_sources_for_one_password_are_refused()
    {
        _environment["JM_AUTH"] = "authpass123";
        var error = Fails(new UsmUserOptions { Name = "monitor", AuthProtocol = "SHA", AuthPassword = "authpass123", AuthPasswordEnv = "JM_AUTH" });
        Assert.Contains("only one of AuthPassword", error.Message);
        Assert.DoesNotContain("authpass123", error.Message);
    }

    [Theory]
    [InlineData("SHA-3", null, null, "AuthProtocol 'SHA-3'")]
    [InlineData("SHA", "AES-512", null, "PrivProtocol 'AES-512'")]
    [InlineData("SHA", null, "authPriv", "SecurityLevel authPriv needs")]
    [InlineData("SHA", null, "paranoid", "SecurityLevel 'paranoid'")]
    [InlineData(null, null, "authNoPriv", "SecurityLevel authNoPriv needs")]
    public void Bad_protocols_and_levels_are_named(string? auth, string? priv, string? level, string expected)
    {
        var error = Fails(new UsmUserOptions
        {
            Name = "monitor", AuthProtocol = auth, AuthPassword = auth is null ? null : "authpass123",
            PrivProtocol = priv, PrivPassword = priv is null ? null : "privpass123", SecurityLevel = level,
        });
        Assert.Contains("'monitor'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Missing_or_orphan_passwords_are_refused()
    {
        Assert.Contains("needs AuthPassword", Fails(new UsmUserOptions { Name = "a", AuthProtocol = "SHA" }).Message);
        Assert.Contains("needs PrivPassword", Fails(new UsmUserOptions { Name = "b", AuthProtocol = "SHA", AuthPassword = "authpass123", PrivProtocol = "DES" }).Message);
        Assert.Contains("no AuthProtocol", Fails(new UsmUserOptions { Name = "c", AuthPassword = "authpass123" }).Message);
        Assert.Contains("privacy needs authentication", Fails(new UsmUserOptions { Name = "d", PrivProtocol = "AES", PrivPassword = "privpass123" }).Message);
    }

    [Fact]
    public void Duplicate_users_and_unknown_views_are_refused()
    {
        Assert.Contains("defined twice", Fails(new UsmUserOptions { Name = "twin" }, new UsmUserOptions { Name = "twin" }).Message);
        Assert.Contains("View 'secret' is not defined", Fails(new UsmUserOptions { Name = "x", View = "secret" }).Message);
    }

    [Fact]
    public void Levels_default_to_the_most_the_protocols_allow_and_bound_what_is_accepted()
    {
        var store = Build(
            new UsmUserOptions { Name = "open" },
            new UsmUserOptions { Name = "signed", AuthProtocol = "MD5", AuthPassword = "authpass123" },
            new UsmUserOptions { Name = "flexible", AuthProtocol = "SHA", AuthPassword = "authpass123", PrivProtocol = "DES", PrivPassword = "privpass123", SecurityLevel = "auth" });

        Assert.True(store.TryGetUser("open"u8, out var open));
        Assert.True(open.Accepts(SecurityLevel.NoAuthNoPriv));
        Assert.False(open.Accepts(SecurityLevel.AuthNoPriv));
        Assert.Null(open.KeysFor(VectorE.EngineId).Authenticator);

        Assert.True(store.TryGetUser("signed"u8, out var signed));
        Assert.False(signed.Accepts(SecurityLevel.NoAuthNoPriv));
        Assert.True(signed.Accepts(SecurityLevel.AuthNoPriv));
        Assert.False(signed.Accepts(SecurityLevel.AuthPriv));

        Assert.True(store.TryGetUser("flexible"u8, out var flexible));
        Assert.False(flexible.Accepts(SecurityLevel.NoAuthNoPriv));
        Assert.True(flexible.Accepts(SecurityLevel.AuthNoPriv));
        Assert.True(flexible.Accepts(SecurityLevel.AuthPriv));
    }

    [Fact]
    public void User_names_match_as_exact_octets()
    {
        var store = Build(new UsmUserOptions { Name = "jäger" });
        Assert.True(store.TryGetUser(Encoding.UTF8.GetBytes("jäger"), out _));
        Assert.False(store.TryGetUser(Encoding.Latin1.GetBytes("jäger"), out _));
        Assert.False(store.TryGetUser("Jäger"u8, out _));
        Assert.False(store.TryGetUser([], out _));
    }

    [Fact]
    public void Nothing_printable_shows_a_secret()
    {
        var options = new UsmUserOptions { Name = "shaaes", AuthProtocol = "SHA", AuthPassword = "authpass123", PrivProtocol = "AES", PrivPassword = "privpass123", View = "all" };
        var store = UsmUserStore.FromOptions([options], secrets: Secrets);
        Assert.True(store.TryGetUser("shaaes"u8, out var user));
        var keys = user.KeysFor(VectorE.EngineId);

        foreach (string text in new[] { options.ToString(), user.ToString(), keys.ToString(), keys.Authenticator!.ToString(), store.ToString() })
        {
            Assert.DoesNotContain("authpass123", text);
            Assert.DoesNotContain("privpass123", text);
            Assert.DoesNotContain("4f6adf8c", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("cdfa2c21", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal("UsmUser(shaaes, auth SHA, priv AES, min authPriv, view all)", user.ToString());
    }

    [Fact]
    public void Views_are_attached_by_name()
    {
        var views = new AccessViews([new ViewOptions { Name = "system", Include = ["1.3.6.1.2.1.1"] }]);
        var store = UsmUserStore.FromOptions([new UsmUserOptions { Name = "x", View = "system" }, new UsmUserOptions { Name = "y" }], views, Secrets);

        Assert.True(store.TryGetUser("x"u8, out var x));
        Assert.Equal("system", x.View.Name);
        Assert.True(store.TryGetUser("y"u8, out var y));
        Assert.Same(AccessView.All, y.View);
    }
}
