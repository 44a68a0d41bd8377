namespace JailMetrics.Snmp.Protocol;

/// <summary>
/// A decoded request or response PDU (RFC 3416 §3): the common layout of every PDU but the v1 Trap.
/// GetBulkRequest-PDU reuses the two middle fields as non-repeaters and max-repetitions; read them
/// through <see cref="NonRepeaters"/> and <see cref="MaxRepetitions"/>.
/// </summary>
public sealed class Pdu
{
    public Pdu(PduType type, int requestId, int errorStatus, int errorIndex, IReadOnlyList<VarBind> varBinds)
    {
        Type = type;
        RequestId = requestId;
        ErrorStatusField = errorStatus;
        ErrorIndexField = errorIndex;
        VarBinds = varBinds;
    }

    public PduType Type { get; }

    /// <summary>Full Integer32, echoed unchanged in the response (RFC 3416 §4.2).</summary>
    public int RequestId { get; }

    /// <summary>The second field as sent: error-status, or non-repeaters in a GetBulk.</summary>
    public int ErrorStatusField { get; }

    /// <summary>The third field as sent: error-index, or max-repetitions in a GetBulk.</summary>
    public int ErrorIndexField { get; }

    public IReadOnlyList<VarBind> VarBinds { get; }

    public ErrorStatus ErrorStatus => (ErrorStatus)ErrorStatusField;

    public int ErrorIndex => ErrorIndexField;

    /// <summary>GetBulk's non-repeaters (RFC 3416 §4.2.3), as sent (may be negative).</summary>
    public int NonRepeaters => ErrorStatusField;

    /// <summary>GetBulk's max-repetitions (RFC 3416 §4.2.3), as sent (may be negative).</summary>
    public int MaxRepetitions => ErrorIndexField;

    /// <summary>Requests a command responder answers (RFC 3416 §4.2; RFC 3411 §2.8 "Read/Write Class").</summary>
    public static bool IsRequest(PduType type) =>
        type is PduType.GetRequest or PduType.GetNextRequest or PduType.GetBulkRequest or PduType.SetRequest;
}
