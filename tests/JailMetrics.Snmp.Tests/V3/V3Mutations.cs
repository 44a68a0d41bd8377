using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.V3;

/// <summary>
/// Rebuilds a v3 message with one field changed, re-encoding every enclosing length, for tests of
/// the checks the library's encoder would never violate (bad flags, other models, odd MAC or salt sizes).
/// </summary>
internal static class V3Mutations
{
    public sealed record Fields(int MessageId, int MaxSize, byte[] Flags, int SecurityModel, byte[] EngineId, int Boots, int Time,
        byte[] UserName, byte[] Mac, byte[] Privacy, byte[] MsgData, int Version = 3);

    public static Fields Of(byte[] datagram)
    {
        var message = V3MessageDecoder.Decode(datagram);
        var usm = message.UsmParameters!;
        byte[] msgData = message.IsEncrypted ? Tlv(BerTag.OctetString, message.ScopedPduData) : message.ScopedPduData;
        return new Fields(message.MessageId, message.MaxSize, [message.FlagsOctet], message.SecurityModel, usm.AuthoritativeEngineId,
            usm.AuthoritativeEngineBoots, usm.AuthoritativeEngineTime, usm.UserName, usm.AuthenticationParameters, usm.PrivacyParameters, msgData);
    }

    public static byte[] Encode(Fields f)
    {
        byte[] global = Tlv(BerTag.Sequence, [.. Integer(f.MessageId), .. Integer(f.MaxSize), .. Tlv(BerTag.OctetString, f.Flags), .. Integer(f.SecurityModel)]);
        byte[] usm = Tlv(BerTag.Sequence, [.. Tlv(BerTag.OctetString, f.EngineId), .. Integer(f.Boots), .. Integer(f.Time),
            .. Tlv(BerTag.OctetString, f.UserName), .. Tlv(BerTag.OctetString, f.Mac), .. Tlv(BerTag.OctetString, f.Privacy)]);
        return Tlv(BerTag.Sequence, [.. Integer(f.Version), .. global, .. Tlv(BerTag.OctetString, usm), .. f.MsgData]);
    }

    public static byte[] WithFlags(byte[] datagram, byte flags) => Encode(Of(datagram) with { Flags = [flags] });

    public static byte[] WithSecurityModel(byte[] datagram, int model) => Encode(Of(datagram) with { SecurityModel = model });

    public static byte[] ReplaceMac(byte[] datagram, UsmSecurityParameters parameters, byte[] mac)
    {
        _ = parameters;
        return Encode(Of(datagram) with { Mac = mac });
    }

    /// <summary>New msgPrivacyParameters, then a valid MAC over the result, so only decryption can fail.</summary>
    public static byte[] ResignWithPrivacyParameters(byte[] datagram, V3Message message, byte[] privacy, UsmUser user)
    {
        var fields = Of(datagram) with { Privacy = privacy };
        byte[] resigned = Encode(fields with { Mac = new byte[fields.Mac.Length] });
        var parameters = V3MessageDecoder.Decode(resigned).UsmParameters!;
        user.KeysFor(message.UsmParameters!.AuthoritativeEngineId).Authenticator!.Sign(resigned, parameters.AuthenticationParametersOffset);
        return resigned;
    }

    public static byte[] Integer(long value)
    {
        var content = new byte[9];
        int size = BerInteger.WriteSigned(content, value);
        return Tlv(BerTag.Integer, content[..size]);
    }

    public static byte[] Tlv(byte tag, byte[] content)
    {
        var length = new byte[6];
        int size = BerLength.Write(length, content.Length);
        return [tag, .. length.AsSpan(0, size), .. content];
    }
}
