namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>h.flags (RFC 2741 §6.1). Bits 5–7 are reserved and ignored on receipt.</summary>
[Flags]
public enum AgentXHeaderFlags : byte
{
    None = 0,

    /// <summary>Register: the subtree names a single instance, not a whole subtree.</summary>
    InstanceRegistration = 0x01,

    /// <summary>IndexAllocate: allocate a never-used index.</summary>
    NewIndex = 0x02,

    /// <summary>IndexAllocate: allocate any currently unused index.</summary>
    AnyIndex = 0x04,

    /// <summary>A context Octet String precedes the payload proper (only in PDU types that carry one).</summary>
    NonDefaultContext = 0x08,

    /// <summary>Every multi-octet field of this PDU is big-endian; without it, little-endian.</summary>
    NetworkByteOrder = 0x10,
}
