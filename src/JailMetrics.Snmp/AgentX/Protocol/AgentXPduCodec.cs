using System.Text;

namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>
/// Encodes and decodes whole AgentX PDUs (RFC 2741 §6): the header and each type's payload.
/// Decoding is strict — a PDU must fill its payload exactly — because a misread length would
/// desynchronise the stream for every PDU after it.
/// </summary>
public static class AgentXPduCodec
{
    /// <summary>The PDU as octets: header then payload, in network byte order unless told otherwise.</summary>
    public static byte[] Encode(AgentXPdu pdu, bool networkByteOrder = true)
    {
        var payload = new AgentXPayloadWriter(networkByteOrder);
        bool withContext = pdu.Context is not null && CarriesContext(pdu.Type);
        if (withContext) payload.WriteOctetString(pdu.Context);
        WritePayload(pdu, payload);

        var flags = pdu.ExtraFlags;
        if (networkByteOrder) flags |= AgentXHeaderFlags.NetworkByteOrder;
        if (withContext) flags |= AgentXHeaderFlags.NonDefaultContext;
        var header = new AgentXHeader(pdu.Type, flags, pdu.SessionId, pdu.TransactionId, pdu.PacketId, (uint)payload.Length);

        var octets = new byte[AgentXHeader.Size + payload.Length];
        header.WriteTo(octets);
        payload.WrittenSpan.CopyTo(octets.AsSpan(AgentXHeader.Size));
        return octets;
    }

    /// <summary>Decodes one complete PDU (header and exactly its payload).</summary>
    public static AgentXPdu Decode(ReadOnlySpan<byte> octets)
    {
        var header = AgentXHeader.Read(octets);
        if (octets.Length - AgentXHeader.Size != header.PayloadLength)
            throw new AgentXFormatException($"the header announces {header.PayloadLength} payload octets but {octets.Length - AgentXHeader.Size} follow");
        return Decode(header, octets[AgentXHeader.Size..]);
    }

    /// <summary>Decodes the payload that followed <paramref name="header"/>.</summary>
    /// <exception cref="AgentXFormatException">the payload does not match its type's layout.</exception>
    public static AgentXPdu Decode(AgentXHeader header, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != header.PayloadLength)
            throw new AgentXFormatException($"the header announces {header.PayloadLength} payload octets but {payload.Length} were given");

        var reader = new AgentXPayloadReader(payload, header.IsBigEndian);
        // §6.1: NON_DEFAULT_CONTEXT puts a context Octet String first, but only in the PDU types that
        // have a context at all; elsewhere the bit means nothing and is ignored.
        byte[]? context = header.HasNonDefaultContext && CarriesContext(header.Type) ? reader.ReadOctetString() : null;
        AgentXPdu body = ReadBody(header, ref reader);
        reader.ExpectEnd(header.Type);
        return body with
        {
            SessionId = header.SessionId,
            TransactionId = header.TransactionId,
            PacketId = header.PacketId,
            Context = context,
        };
    }

    /// <summary>The PDU types that §6.1 lets carry a non-default context.</summary>
    public static bool CarriesContext(AgentXPduType type) => type is
        AgentXPduType.Register or AgentXPduType.Unregister or
        AgentXPduType.Get or AgentXPduType.GetNext or AgentXPduType.GetBulk or
        AgentXPduType.TestSet or AgentXPduType.Notify or AgentXPduType.Ping or
        AgentXPduType.IndexAllocate or AgentXPduType.IndexDeallocate or
        AgentXPduType.AddAgentCaps or AgentXPduType.RemoveAgentCaps;

    private static void WritePayload(AgentXPdu pdu, AgentXPayloadWriter payload)
    {
        switch (pdu)
        {
            case AgentXOpenPdu open: // §6.2.1
                payload.WriteByte(open.TimeoutSeconds);
                payload.WriteZeros(3);
                payload.WriteOid(open.Id);
                payload.WriteOctetString(open.Description);
                break;
            case AgentXClosePdu close: // §6.2.2
                payload.WriteByte((byte)close.Reason);
                payload.WriteZeros(3);
                break;
            case AgentXRegisterPdu register: // §6.2.3
                payload.WriteByte(register.TimeoutSeconds);
                payload.WriteByte(register.Priority);
                payload.WriteByte(register.RangeSubId);
                payload.WriteZeros(1);
                payload.WriteOid(register.Subtree);
                if (register.RangeSubId != 0) payload.WriteUInt32(register.UpperBound);
                break;
            case AgentXUnregisterPdu unregister: // §6.2.4
                payload.WriteZeros(1);
                payload.WriteByte(unregister.Priority);
                payload.WriteByte(unregister.RangeSubId);
                payload.WriteZeros(1);
                payload.WriteOid(unregister.Subtree);
                if (unregister.RangeSubId != 0) payload.WriteUInt32(unregister.UpperBound);
                break;
            case AgentXGetPdu get: // §6.2.5
                foreach (var range in get.Ranges) payload.WriteSearchRange(range);
                break;
            case AgentXGetNextPdu getNext: // §6.2.6
                foreach (var range in getNext.Ranges) payload.WriteSearchRange(range);
                break;
            case AgentXGetBulkPdu getBulk: // §6.2.7
                payload.WriteUInt16(getBulk.NonRepeaters);
                payload.WriteUInt16(getBulk.MaxRepetitions);
                foreach (var range in getBulk.Ranges) payload.WriteSearchRange(range);
                break;
            case AgentXTestSetPdu testSet: // §6.2.8
                foreach (var varBind in testSet.VarBinds) payload.WriteVarBind(varBind);
                break;
            case AgentXNotifyPdu notify: // §6.2.10
                foreach (var varBind in notify.VarBinds) payload.WriteVarBind(varBind);
                break;
            case AgentXResponsePdu response: // §6.2.16
                payload.WriteUInt32(response.SysUpTime);
                payload.WriteUInt16((ushort)response.Error);
                payload.WriteUInt16(response.Index);
                foreach (var varBind in response.VarBinds) payload.WriteVarBind(varBind);
                break;
            case AgentXCommitSetPdu or AgentXUndoSetPdu or AgentXCleanupSetPdu or AgentXPingPdu:
                break; // header (and context) only: §6.2.9, §6.2.11
            default:
                throw new ArgumentException($"cannot encode an AgentX {pdu.Type} PDU", nameof(pdu));
        }
    }

    private static AgentXPdu ReadBody(AgentXHeader header, ref AgentXPayloadReader reader)
    {
        switch (header.Type)
        {
            case AgentXPduType.Open:
            {
                byte timeout = reader.ReadByte();
                reader.Skip(3);
                var id = reader.ReadOid();
                byte[] description = reader.ReadOctetString();
                return new AgentXOpenPdu(timeout, id, description);
            }
            case AgentXPduType.Close:
            {
                byte reason = reader.ReadByte();
                reader.Skip(3);
                if (reason is < (byte)AgentXCloseReason.Other or > (byte)AgentXCloseReason.ByManager)
                    throw new AgentXFormatException($"unknown Close reason {reason}");
                return new AgentXClosePdu((AgentXCloseReason)reason);
            }
            case AgentXPduType.Register:
            {
                byte timeout = reader.ReadByte();
                byte priority = reader.ReadByte();
                byte rangeSubId = reader.ReadByte();
                reader.Skip(1);
                var subtree = reader.ReadOid();
                uint upperBound = rangeSubId != 0 ? reader.ReadUInt32() : 0;
                return new AgentXRegisterPdu(subtree, timeout, priority, rangeSubId, upperBound)
                {
                    InstanceRegistration = (header.Flags & AgentXHeaderFlags.InstanceRegistration) != 0,
                };
            }
            case AgentXPduType.Unregister:
            {
                reader.Skip(1);
                byte priority = reader.ReadByte();
                byte rangeSubId = reader.ReadByte();
                reader.Skip(1);
                var subtree = reader.ReadOid();
                uint upperBound = rangeSubId != 0 ? reader.ReadUInt32() : 0;
                return new AgentXUnregisterPdu(subtree, priority, rangeSubId, upperBound);
            }
            case AgentXPduType.Get:
                return new AgentXGetPdu(reader.ReadSearchRangesToEnd());
            case AgentXPduType.GetNext:
                return new AgentXGetNextPdu(reader.ReadSearchRangesToEnd());
            case AgentXPduType.GetBulk:
            {
                ushort nonRepeaters = reader.ReadUInt16();
                ushort maxRepetitions = reader.ReadUInt16();
                return new AgentXGetBulkPdu(nonRepeaters, maxRepetitions, reader.ReadSearchRangesToEnd());
            }
            case AgentXPduType.TestSet:
                return new AgentXTestSetPdu(reader.ReadVarBindsToEnd());
            case AgentXPduType.CommitSet:
                return new AgentXCommitSetPdu();
            case AgentXPduType.UndoSet:
                return new AgentXUndoSetPdu();
            case AgentXPduType.CleanupSet:
                return new AgentXCleanupSetPdu();
            case AgentXPduType.Notify:
                return new AgentXNotifyPdu(reader.ReadVarBindsToEnd());
            case AgentXPduType.Ping:
                return new AgentXPingPdu();
            case AgentXPduType.Response:
            {
                uint sysUpTime = reader.ReadUInt32();
                ushort error = reader.ReadUInt16();
                ushort index = reader.ReadUInt16();
                // net-snmp's Response to Open carries a VarBind echoing o.id/o.descr: a VarBindList is
                // allowed in every Response, so it is read, not rejected.
                return new AgentXResponsePdu(sysUpTime, (AgentXErrorStatus)error, index, reader.ReadVarBindsToEnd());
            }
            default:
                reader.Skip(reader.Remaining);
                return new AgentXUnhandledPdu(header.Type);
        }
    }

    /// <summary>An Open's description as text (RFC 2741 §6.2.1: a DisplayString).</summary>
    public static string DescriptionText(AgentXOpenPdu open) => Encoding.UTF8.GetString(open.Description);
}
