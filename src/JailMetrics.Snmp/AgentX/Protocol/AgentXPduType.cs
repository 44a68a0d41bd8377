namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>h.type: the kind of an AgentX PDU (RFC 2741 §6.1).</summary>
public enum AgentXPduType : byte
{
    Open = 1,
    Close = 2,
    Register = 3,
    Unregister = 4,
    Get = 5,
    GetNext = 6,
    GetBulk = 7,
    TestSet = 8,
    CommitSet = 9,
    UndoSet = 10,
    CleanupSet = 11,
    Notify = 12,
    Ping = 13,
    IndexAllocate = 14,
    IndexDeallocate = 15,
    AddAgentCaps = 16,
    RemoveAgentCaps = 17,
    Response = 18,
}
