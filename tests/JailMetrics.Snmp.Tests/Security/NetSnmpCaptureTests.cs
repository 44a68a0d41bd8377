using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

/// <summary>
/// Requests sent by net-snmp 5.9.3's snmpget (Debian 12) for each privacy protocol, captured with
/// <c>snmpget -v3 -l authPriv -u USER -a AUTH -A authpass123 -x PRIV -X privpass123
/// -e 80001f8880ca2a6c4f509b0a6b00000000 -d udp:127.0.0.1:16161 1.3.6.1.2.1.1.1.0</c> (no agent
/// listening; -e skips discovery, so the request goes out with boots 0 and time 0). Decrypting them
/// with our keys proves our DES, our SHA-224, and net-snmp's AES-192/256 key extension interoperate.
/// Each plaintext is a GetRequest for sysDescr.0 with snmpget's random request-id.
/// </summary>
public class NetSnmpCaptureTests
{
    public sealed record Capture(string User, string Auth, string Priv, int MacOffset, string RequestId, string DesPadding, string Message)
    {
        public override string ToString() => $"{User} ({Auth}, {Priv})";
    }

    public static TheoryData<Capture> Captures() =>
    [
        new Capture("desmd5", "MD5", "DES", 64, "7d6ca244", "030303",
            "30818d020103301102044bc10ad3020300ffe3040107020103043b3039041180001f8880ca2a6c4f509b0a6b0000000002010002010004066465736d6435040c33832e4d8ead371348c5557004080000000134382bf0043866e6aa91f800de408f8cd8b3a8784fd7061dc93b337da2328b47e6faa5d87032cad7e56b6a135857a4ce55e04fa1a9c6ef645427def956a9"),
        new Capture("aes192sha", "SHA", "AES-192", 67, "04c174f7", "",
            "30818d02010330110204221455e8020300ffe3040107020103043e303c041180001f8880ca2a6c4f509b0a6b000000000201000201000409616573313932736861040c59807f9cd69084fbd0081c83040898a567afce99cce3043557ecbf64387ab3edbd620169c5c1d2482816af4c864feb685fa0e5bbe7d04a561367d7ccb3c6d98c8197a0d4de5725880274f0cb30"),
        new Capture("aes256sha", "SHA", "AES-256", 67, "74623c56", "",
            "30818d0201033011020409f35866020300ffe3040107020103043e303c041180001f8880ca2a6c4f509b0a6b000000000201000201000409616573323536736861040c8b6dc4d15ac6b47da580542b0408fdfef4a44373bb5a0435ca05d4964e0dffcc3c4933bac31067f1f4b6add8f98e3376fce30801247945d1714a774d31f5b71c7a8109894eef60f8a41240f03f"),
        new Capture("aes256md5", "MD5", "AES-256", 67, "100aaf54", "",
            "30818d0201033011020445e71681020300ffe3040107020103043e303c041180001f8880ca2a6c4f509b0a6b0000000002010002010004096165733235366d6435040c7d311f0dd9976dace6ed321f040812ea389c992990590435e44f3060149f7e62d5185d85da755474c401c63e0e7ef811958f83443229554f050db2ab56c2ce9165c30a07db3e94bdee4410d0c7"),
        new Capture("aes256sha256", "SHA-256", "AES-256", 70, "562ea269", "",
            "30819c020103301102044ec375a0020300ffe3040107020103044d304b041180001f8880ca2a6c4f509b0a6b00000000020100020100040c6165733235367368613235360418ed8c1260e67291eb4c521a8d1e1486e56c7f789abea634bd0408399997acb1edf2ea04357a9dba0f622d43efd7b4c09972a175d8a7d381a6eb990b0f3268c50e368171d626a6874178ea471a83241b8a2325335b397725cee7"),
        new Capture("aes192sha512", "SHA-512", "AES-192", 70, "6bc5b221", "",
            "3081b40201033011020427111cf3020300ffe304010702010304653063041180001f8880ca2a6c4f509b0a6b00000000020100020100040c61657331393273686135313204308d2d0d7c34873f70031a3b98178d3cac40634bf01a78180a9f1f31153ff110c6e6b8b34b81edf11c9450994a4398435d0408e6553853d4765305043504e576e9d3f1f06ac06f2c816631ab0beba03f11d56b9527b327bbc3d2457d7d7d1954742eafb726f6b79c2cf96d7276b8e9856061"),
        new Capture("sha224aes", "SHA-224", "AES", 67, "063c336b", "",
            "30819102010330110204313c035a020300ffe304010702010304423040041180001f8880ca2a6c4f509b0a6b0000000002010002010004097368613232346165730410496f2fd33ffe26d829c3b58676b67f40040895a5709518a759270435ac94371fd2f6e422b3ae6ea32132a4bb30ebb1e8c10ae8ab96667f715f0125edf814ced5995952f1422f7459b0d9a9d6b9b7439b68"),
        new Capture("dessha", "SHA", "DES", 64, "4706dc8a", "030303",
            "30818d020103301102046218fd45020300ffe3040107020103043b3039041180001f8880ca2a6c4f509b0a6b000000000201000201000406646573736861040cc32bdaba0edb8e6b3d8cc71d040800000001fc75b7e50438353212fe7c6bec0c4fcb02d6ebb0fae26c61e7172d071ab45bbc71bddd755795488833f2691fd3f3ed57be82ed93c1b9d9431c76cd249938"),
    ];

    private static readonly byte[] EngineId = Hex.Bytes("80001f8880ca2a6c4f509b0a6b00000000");

    [Theory]
    [MemberData(nameof(Captures))]
    public void Our_keys_verify_and_decrypt_what_net_snmp_sent(Capture capture)
    {
        Assert.True(AuthProtocol.TryParse(capture.Auth, out var auth));
        Assert.True(PrivProtocol.TryParse(capture.Priv, out var priv));
        var user = new UsmUser(capture.User, auth, "authpass123"u8, priv, "privpass123"u8, SecurityLevel.AuthPriv, AccessView.All);
        var keys = user.KeysFor(EngineId);
        byte[] message = Hex.Bytes(capture.Message);

        Assert.True(keys.Authenticator!.Verify(message, capture.MacOffset, auth.MacLength));

        // msgPrivacyParameters (04 08 + salt) follows the MAC; the encrypted ScopedPDU (04 len) ends the message.
        int saltOffset = capture.MacOffset + auth.MacLength + 2;
        byte[] salt = message[saltOffset..(saltOffset + 8)];
        byte[] encrypted = message[(saltOffset + 8 + 2)..];
        Assert.True(keys.TryDecrypt(0, 0, salt, encrypted, out byte[] plaintext));

        string expected = "3033041180001f8880ca2a6c4f509b0a6b000000000400a01c0204" + capture.RequestId +
            "020100020100300e300c06082b060102010101000500" + capture.DesPadding;
        Assert.Equal(expected, Hex.Of(plaintext));
    }
}
