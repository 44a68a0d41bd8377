namespace JailMetrics.Snmp.Protocol;

/// <summary>How failures are reported, which depends on the message version, not the operation.</summary>
public enum ErrorModel
{
    /// <summary>
    /// SNMPv1 (RFC 1157 §4.1; RFC 3584 §4.2.2.1, §4.4): no exception values and no Counter64 — a
    /// missing object is error noSuchName naming the varbind, GetNext steps over Counter64 objects,
    /// tooBig echoes the request.
    /// </summary>
    SnmpV1,

    /// <summary>SNMPv2c and SNMPv3 (RFC 3416 §4.2): per-varbind exceptions, GetBulk, tooBig with no varbinds.</summary>
    SnmpV2,
}
