namespace JailMetrics.Snmp.Tests.Security;

/// <summary>
/// Reference vector E: an authPriv (HMAC-SHA-96 + AES-128-CFB) exchange captured between net-snmp
/// 5.9.3's snmpget and snmpd. User shaaes, authpass123 / privpass123, boots 1, time 9.
/// </summary>
internal static class VectorE
{
    public static readonly byte[] EngineId = Hex.Bytes("80001f8880ca2a6c4f509b0a6b00000000");
    public const uint Boots = 1;
    public const uint Time = 9;
    public static readonly byte[] AuthKey = Hex.Bytes("4f6adf8ca4fcd26e4b2327e3801d592187f797f0");
    public static readonly byte[] PrivKey = Hex.Bytes("cdfa2c21c7d66293ca6271ff426df90c");

    /// <summary>Both messages carry the MAC at this offset (12 octets).</summary>
    public const int MacOffset = 64;

    public static byte[] Request() => Hex.Bytes("""
        30 81 8A 02 01 03 30 11 02 04 52 DE C9 E4 02 03 00 FF E3 04 01 07 02 01 03 04 3B 30 39 04
        11 80 00 1F 88 80 CA 2A 6C 4F 50 9B 0A 6B 00 00 00 00 02 01 01 02 01 09 04 06 73 68 61 61
        65 73 04 0C DB 68 9B B2 E0 02 A8 D6 F9 CE 2B 6E 04 08 09 53 D9 43 F8 4E 71 75 04 35 60 CC
        2B 02 6D A7 16 C6 1A 92 D0 26 3A 98 F5 F1 20 BA 49 BC F4 EE 32 FE FB E1 16 86 B7 03 82 EB
        D5 26 CE 03 08 46 40 AE 84 0B 39 7E 52 D8 8B 8C 59 EC 41 2E BC
        """);

    public const string RequestMac = "db689bb2e002a8d6f9ce2b6e";
    public static readonly byte[] RequestSalt = Hex.Bytes("09 53 D9 43 F8 4E 71 75");
    public const int RequestEncryptedLength = 0x35;

    public static readonly byte[] RequestScopedPdu = Hex.Bytes("""
        30 33 04 11 80 00 1F 88 80 CA 2A 6C 4F 50 9B 0A 6B 00 00 00 00 04 00 a0 1c 02 04 3a f1 cf a7
        02 01 00 02 01 00 30 0e 30 0c 06 08 2b 06 01 02 01 01 01 00 05 00
        """);

    public static byte[] Response() => Hex.Bytes("""
        30 81 94 02 01 03 30 11 02 04 52 DE C9 E4 02 03 00 FF E3 04 01 03 02 01 03 04 3B 30 39 04
        11 80 00 1F 88 80 CA 2A 6C 4F 50 9B 0A 6B 00 00 00 00 02 01 01 02 01 09 04 06 73 68 61 61
        65 73 04 0C 32 6F 77 84 C7 53 E4 F3 04 76 88 C9 04 08 48 A5 43 21 41 01 05 20 04 3F A4 06
        34 7A 3F 7E 57 2E 72 42 AE 05 81 9B D0 0A BC 43 24 83 8C EC 44 4D 3B 57 40 C2 70 C1 91 B1
        DD 71 01 2E 75 16 69 12 EF 07 C3 D8 07 F4 13 BD 2B 01 19 F0 43 F3 8F 71 B6 2B D7 4B DB 52 38
        """);

    public const string ResponseMac = "326f7784c753e4f3047688c9";
    public static readonly byte[] ResponseSalt = Hex.Bytes("48 A5 43 21 41 01 05 20");
    public const int ResponseEncryptedLength = 0x3F;

    /// <summary>
    /// The Response's ScopedPDU: contextEngineID, empty contextName, GetResponse with the request's
    /// request-id and sysDescr.0 = "test agent" (laid out by hand from the reference's description).
    /// </summary>
    public static readonly byte[] ResponseScopedPdu = Hex.Bytes("""
        30 3d 04 11 80 00 1F 88 80 CA 2A 6C 4F 50 9B 0A 6B 00 00 00 00 04 00 a2 26 02 04 3a f1 cf a7
        02 01 00 02 01 00 30 18 30 16 06 08 2b 06 01 02 01 01 01 00 04 0a 74 65 73 74 20 61 67 65 6e 74
        """);

    /// <summary>The encrypted ScopedPDU is the last element of each message.</summary>
    public static byte[] EncryptedPart(byte[] message, int length) => message[^length..];
}
