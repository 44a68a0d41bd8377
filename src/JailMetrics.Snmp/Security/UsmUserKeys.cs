namespace JailMetrics.Snmp.Security;

/// <summary>
/// One user's keys localized to one snmpEngineID: an <see cref="Authenticator"/> when the user has
/// authentication, and the privacy cipher key when it has privacy. The privacy key never leaves this
/// object; encryption and decryption go through it. Immutable and thread-safe.
/// </summary>
public sealed class UsmUserKeys
{
    private readonly byte[]? _privKey;

    internal UsmUserKeys(Authenticator? authenticator, PrivProtocol? privacy, byte[]? privKey)
    {
        Authenticator = authenticator;
        Privacy = privacy;
        _privKey = privKey;
    }

    public Authenticator? Authenticator { get; }

    public PrivProtocol? Privacy { get; }

    /// <inheritdoc cref="PrivProtocol.Encrypt"/>
    public byte[] Encrypt(uint engineBoots, uint engineTime, ulong salt, ReadOnlySpan<byte> scopedPdu) =>
        RequirePrivacy().Encrypt(_privKey, engineBoots, engineTime, salt, scopedPdu);

    /// <inheritdoc cref="PrivProtocol.TryDecrypt"/>
    public bool TryDecrypt(uint engineBoots, uint engineTime, ReadOnlySpan<byte> privacyParameters, ReadOnlySpan<byte> encryptedPdu, out byte[] scopedPdu) =>
        RequirePrivacy().TryDecrypt(_privKey, engineBoots, engineTime, privacyParameters, encryptedPdu, out scopedPdu);

    public override string ToString() => $"UsmUserKeys(auth {Authenticator?.Protocol.Name ?? "none"}, priv {Privacy?.Name ?? "none"})";

    private PrivProtocol RequirePrivacy() =>
        Privacy ?? throw new InvalidOperationException("this user has no privacy protocol; check the security level before encrypting");
}
