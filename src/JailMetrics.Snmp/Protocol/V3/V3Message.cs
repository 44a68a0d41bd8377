using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// A decoded SNMPv3 message (RFC 3412 §6) before security processing: msgGlobalData, the USM
/// parameters, and msgData still as it came — a plaintext ScopedPDU or the encryptedPDU octets.
/// <see cref="UsmParameters"/> is null when msgSecurityModel is not USM (3): then the parameters
/// are not interpreted at all.
/// </summary>
public sealed class V3Message
{
    /// <summary>msgSecurityModel for the User-based Security Model (RFC 3411 §5 SnmpSecurityModel).</summary>
    public const int UsmSecurityModel = 3;

    public V3Message(int messageId, int maxSize, byte flagsOctet, int securityModel, UsmSecurityParameters? usmParameters,
        bool isEncrypted, byte[] scopedPduData)
    {
        MessageId = messageId;
        MaxSize = maxSize;
        FlagsOctet = flagsOctet;
        SecurityModel = securityModel;
        UsmParameters = usmParameters;
        IsEncrypted = isEncrypted;
        ScopedPduData = scopedPduData;
    }

    /// <summary>msgID (0..2³¹−1): echoed in the response or report (RFC 3412 §7.1).</summary>
    public int MessageId { get; }

    /// <summary>msgMaxSize (484..2³¹−1): the largest message the sender can receive.</summary>
    public int MaxSize { get; }

    /// <summary>The msgFlags octet as sent (reserved bits included).</summary>
    public byte FlagsOctet { get; }

    public MsgFlags Flags => (MsgFlags)(FlagsOctet & 0x07);

    public bool IsReportable => (Flags & MsgFlags.Reportable) != 0;

    /// <summary>The level msgFlags asks for; false when privFlag is set without authFlag (snmpInvalidMsgs).</summary>
    public bool TryGetSecurityLevel(out SecurityLevel level) => SecurityLevels.TryFromMsgFlags(FlagsOctet, out level);

    public int SecurityModel { get; }

    public UsmSecurityParameters? UsmParameters { get; }

    /// <summary>True when msgData is an encryptedPDU (OCTET STRING), false when a plaintext ScopedPDU.</summary>
    public bool IsEncrypted { get; }

    /// <summary>
    /// The encryptedPDU's contents, or the whole plaintext ScopedPDU element (tag, length and content)
    /// for <see cref="V3MessageDecoder.DecodeScopedPdu"/>.
    /// </summary>
    public byte[] ScopedPduData { get; }
}
