namespace JailMetrics.Snmp.Tests.Support;

/// <summary>Hex dumps as the reference writes them ("30 26 02 01 …"), both ways.</summary>
internal static class Hex
{
    public static byte[] Bytes(string spaced) => Convert.FromHexString(spaced.Replace(" ", "").Replace("\n", "").Replace("\r", ""));

    public static string Of(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("x2")));
}
