namespace JailMetrics.Snmp.Tests.Security;

/// <summary>Hex in test vectors as the references print it: any spacing, either case.</summary>
internal static class Hex
{
    public static byte[] Bytes(string text) => Convert.FromHexString(string.Concat(text.Where(Uri.IsHexDigit)));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
