namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// msgFlags, one octet (RFC 3412 §6.4): authFlag, privFlag, reportableFlag. The other bits are
/// reserved, ignored on receipt and sent as zero. privFlag without authFlag is invalid
/// (snmpInvalidMsgs; RFC 3412 §6.4, §7.2).
/// </summary>
[Flags]
public enum MsgFlags : byte
{
    None = 0,
    Auth = 0x01,
    Priv = 0x02,
    Reportable = 0x04,
}
