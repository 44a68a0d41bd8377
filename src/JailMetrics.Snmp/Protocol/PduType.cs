namespace JailMetrics.Snmp.Protocol;

/// <summary>PDU identifiers: context-specific, constructed, numbered as RFC 3416 §3 and RFC 1157 §4 assign.</summary>
public enum PduType : byte
{
    GetRequest = 0xA0,
    GetNextRequest = 0xA1,

    /// <summary>"GetResponse" in SNMPv1.</summary>
    Response = 0xA2,

    SetRequest = 0xA3,

    /// <summary>The SNMPv1 Trap-PDU, with its own layout (RFC 1157 §4.1.6).</summary>
    TrapV1 = 0xA4,

    /// <summary>SNMPv2 only (RFC 3416 §4.2.3).</summary>
    GetBulkRequest = 0xA5,

    InformRequest = 0xA6,
    TrapV2 = 0xA7,

    /// <summary>SNMPv3 only (RFC 3412 §7.1 step 3).</summary>
    Report = 0xA8,
}
