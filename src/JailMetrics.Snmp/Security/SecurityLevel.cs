namespace JailMetrics.Snmp.Security;

/// <summary>
/// SnmpSecurityLevel (RFC 3411 §5): the numbers are the TC's, so levels order by strength and
/// "at least authNoPriv" is a plain comparison. On the wire it is msgFlags' auth and priv bits.
/// </summary>
public enum SecurityLevel
{
    NoAuthNoPriv = 1,
    AuthNoPriv = 2,
    AuthPriv = 3,
}

public static class SecurityLevels
{
    /// <summary>
    /// Parses <c>noAuthNoPriv</c> / <c>authNoPriv</c> / <c>authPriv</c> (RFC 3411 names) and net-snmp's
    /// <c>noauth</c> / <c>auth</c> / <c>priv</c> (snmpd.conf rouser), case-insensitively.
    /// </summary>
    public static bool TryParse(string? text, out SecurityLevel level)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "noauthnopriv" or "noauth":
                level = SecurityLevel.NoAuthNoPriv;
                return true;
            case "authnopriv" or "auth":
                level = SecurityLevel.AuthNoPriv;
                return true;
            case "authpriv" or "priv":
                level = SecurityLevel.AuthPriv;
                return true;
            default:
                level = default;
                return false;
        }
    }

    /// <summary>The level msgFlags carries (RFC 3412 §6.4): bit 0 auth, bit 1 priv; priv without auth is invalid.</summary>
    public static bool TryFromMsgFlags(byte msgFlags, out SecurityLevel level)
    {
        bool auth = (msgFlags & 0x01) != 0, priv = (msgFlags & 0x02) != 0;
        level = priv ? SecurityLevel.AuthPriv : auth ? SecurityLevel.AuthNoPriv : SecurityLevel.NoAuthNoPriv;
        return auth || !priv;
    }

    public static string ToConfigName(this SecurityLevel level) => level switch
    {
        SecurityLevel.NoAuthNoPriv => "noAuthNoPriv",
        SecurityLevel.AuthNoPriv => "authNoPriv",
        _ => "authPriv",
    };
}
