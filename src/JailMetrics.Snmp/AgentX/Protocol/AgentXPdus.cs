using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.AgentX.Protocol;

// The PDUs of RFC 2741 §6.2 as plain data. AgentXPduCodec turns them into octets and back.

/// <summary>What every AgentX PDU carries in its header (RFC 2741 §6.1), plus the optional context.</summary>
public abstract record AgentXPdu
{
    public abstract AgentXPduType Type { get; }

    public uint SessionId { get; init; }

    public uint TransactionId { get; init; }

    public uint PacketId { get; init; }

    /// <summary>
    /// The non-default context (NON_DEFAULT_CONTEXT, §6.1), or null for the default context. Only the PDU
    /// types that §6.1 lists as carrying a context send or receive it.
    /// </summary>
    public byte[]? Context { get; init; }

    /// <summary>Header flags beyond NETWORK_BYTE_ORDER and NON_DEFAULT_CONTEXT, which the codec sets itself.</summary>
    public virtual AgentXHeaderFlags ExtraFlags => AgentXHeaderFlags.None;
}

/// <summary>Open (§6.2.1): o.timeout in seconds (0 = the master's default), o.id, o.descr.</summary>
public sealed record AgentXOpenPdu(byte TimeoutSeconds, Oid Id, byte[] Description) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Open;
}

/// <summary>Close (§6.2.2).</summary>
public sealed record AgentXClosePdu(AgentXCloseReason Reason) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Close;
}

/// <summary>
/// Register (§6.2.3): a subtree (or, with <see cref="InstanceRegistration"/>, one instance) with a
/// priority (lower wins, 127 by default) and optionally a range: sub-identifier
/// <see cref="RangeSubId"/> (1-based, 0 = none) runs from its value in the subtree up to <see cref="UpperBound"/>.
/// </summary>
public sealed record AgentXRegisterPdu(Oid Subtree, byte TimeoutSeconds = 0, byte Priority = AgentXRegisterPdu.DefaultPriority, byte RangeSubId = 0, uint UpperBound = 0) : AgentXPdu
{
    public const byte DefaultPriority = 127;

    public bool InstanceRegistration { get; init; }

    public override AgentXPduType Type => AgentXPduType.Register;

    public override AgentXHeaderFlags ExtraFlags => InstanceRegistration ? AgentXHeaderFlags.InstanceRegistration : AgentXHeaderFlags.None;
}

/// <summary>Unregister (§6.2.4): the same region as the Register it undoes (u.timeout is reserved).</summary>
public sealed record AgentXUnregisterPdu(Oid Subtree, byte Priority = AgentXRegisterPdu.DefaultPriority, byte RangeSubId = 0, uint UpperBound = 0) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Unregister;
}

/// <summary>Get (§6.2.5): each range's start is an instance to fetch; the ends are null.</summary>
public sealed record AgentXGetPdu(IReadOnlyList<AgentXSearchRange> Ranges) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Get;
}

/// <summary>GetNext (§6.2.6): for each range, the first instance in [start (or after it), end).</summary>
public sealed record AgentXGetNextPdu(IReadOnlyList<AgentXSearchRange> Ranges) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.GetNext;
}

/// <summary>GetBulk (§6.2.7): the first <see cref="NonRepeaters"/> ranges once, the rest up to <see cref="MaxRepetitions"/> times.</summary>
public sealed record AgentXGetBulkPdu(ushort NonRepeaters, ushort MaxRepetitions, IReadOnlyList<AgentXSearchRange> Ranges) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.GetBulk;
}

/// <summary>TestSet (§6.2.8): the first phase of a Set.</summary>
public sealed record AgentXTestSetPdu(IReadOnlyList<AgentXVarBind> VarBinds) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.TestSet;
}

/// <summary>CommitSet (§6.2.9): header only.</summary>
public sealed record AgentXCommitSetPdu : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.CommitSet;
}

/// <summary>UndoSet (§6.2.9): header only.</summary>
public sealed record AgentXUndoSetPdu : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.UndoSet;
}

/// <summary>CleanupSet (§6.2.9): header only, and never answered.</summary>
public sealed record AgentXCleanupSetPdu : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.CleanupSet;
}

/// <summary>Notify (§6.2.10): sysUpTime.0 (optional) and snmpTrapOID.0 first, then the notification's objects.</summary>
public sealed record AgentXNotifyPdu(IReadOnlyList<AgentXVarBind> VarBinds) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Notify;
}

/// <summary>Ping (§6.2.11): header (and context) only; the master answers with a Response.</summary>
public sealed record AgentXPingPdu : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Ping;
}

/// <summary>
/// Response (§6.2.16). res.sysUpTime is meaningful only from the master; a sub-agent sends 0.
/// res.index is the 1-based position of the VarBind that caused res.error (0 when none did).
/// </summary>
public sealed record AgentXResponsePdu(uint SysUpTime, AgentXErrorStatus Error, ushort Index, IReadOnlyList<AgentXVarBind> VarBinds) : AgentXPdu
{
    public override AgentXPduType Type => AgentXPduType.Response;
}

/// <summary>
/// A PDU type RFC 2741 defines but a sub-agent never needs to read (IndexAllocate, IndexDeallocate,
/// AddAgentCaps, RemoveAgentCaps — §6.2.12–6.2.15, all sent by sub-agents). Kept undecoded so the
/// session can reject it as a protocol error instead of a parse error.
/// </summary>
public sealed record AgentXUnhandledPdu(AgentXPduType UnhandledType) : AgentXPdu
{
    public override AgentXPduType Type => UnhandledType;
}
