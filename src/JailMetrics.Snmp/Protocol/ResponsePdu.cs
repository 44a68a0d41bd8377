using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Protocol;

/// <summary>
/// The response being built for one request, reused from request to request by its owner (one per
/// receive loop) so answering allocates no list. It keeps the encoded size of its varbind list as
/// varbinds are added and refuses one that would push the PDU past its size limit.
/// </summary>
public sealed class ResponsePdu
{
    private readonly List<VarBind> _varBinds = new(64);
    private int _maxPduSize;

    public PduType Type { get; private set; } = PduType.Response;

    public int RequestId { get; private set; }

    public ErrorStatus ErrorStatus { get; private set; }

    public int ErrorIndex { get; private set; }

    public IReadOnlyList<VarBind> VarBinds => _varBinds;

    /// <summary>Encoded size of the varbinds' SEQUENCE OF content, kept as they are added.</summary>
    public int VarBindListContentSize { get; private set; }

    /// <summary>The size of the whole encoded PDU as it stands.</summary>
    public int PduSize => PduEncoding.PduSize(RequestId, (int)ErrorStatus, ErrorIndex, VarBindListContentSize);

    /// <summary>Starts a fresh Response to <paramref name="requestId"/> that must stay within <paramref name="maxPduSize"/> octets.</summary>
    public void Begin(int requestId, int maxPduSize)
    {
        Type = PduType.Response;
        RequestId = requestId;
        ErrorStatus = ErrorStatus.NoError;
        ErrorIndex = 0;
        _varBinds.Clear();
        VarBindListContentSize = 0;
        _maxPduSize = maxPduSize;
    }

    /// <summary>Appends a varbind if the PDU still fits afterwards; false leaves the response unchanged.</summary>
    public bool TryAdd(Oid name, SnmpValue value)
    {
        int grown = VarBindListContentSize + BerValue.VarBindSize(name, value);
        if (PduEncoding.PduSize(RequestId, (int)ErrorStatus, ErrorIndex, grown) > _maxPduSize) return false;
        _varBinds.Add(new VarBind(name, value));
        VarBindListContentSize = grown;
        return true;
    }

    /// <summary>An error response that echoes the request's varbinds (RFC 3416 §4.2.1, RFC 1157 §4.1.2); false if even that does not fit.</summary>
    public bool TrySetErrorEchoing(Pdu request, ErrorStatus status, int errorIndex)
    {
        _varBinds.Clear();
        VarBindListContentSize = 0;
        ErrorStatus = status;
        ErrorIndex = errorIndex;
        var requested = request.VarBinds;
        for (int i = 0; i < requested.Count; i++)
        {
            if (!TryAdd(requested[i].Name, requested[i].Value)) return false;
        }
        return true;
    }

    /// <summary>tooBig with an empty varbind list (RFC 3416 §4.2.1); false if even that does not fit.</summary>
    public bool TrySetTooBigEmpty()
    {
        _varBinds.Clear();
        VarBindListContentSize = 0;
        ErrorStatus = ErrorStatus.TooBig;
        ErrorIndex = 0;
        return PduSize <= _maxPduSize;
    }
}
