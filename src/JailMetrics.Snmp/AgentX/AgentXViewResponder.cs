using JailMetrics.Snmp.AgentX.Protocol;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.AgentX;

/// <summary>
/// Answers the master's requests (RFC 2741 §7.2.3–7.2.4) from one <see cref="MibView"/>: Get, GetNext
/// and GetBulk by reading it, the Set phases as a read-only agent. Pure: the same view and request
/// always give the same Response, which is what the session sends back.
/// </summary>
public static class AgentXViewResponder
{
    /// <summary>
    /// Our cap on the VarBinds one GetBulk produces. RFC 2741 §7.2.3.3 lets a sub-agent return fewer
    /// repetitions than asked; without a cap, max_repetitions 65535 over many ranges would build a
    /// Response of millions of VarBinds.
    /// </summary>
    public const int MaxBulkVarBinds = 2048;

    /// <summary>
    /// The Response to <paramref name="request"/>, with its header fields echoed (§7.2.2), or null
    /// when the request gets none (CleanupSet, §7.2.4.4).
    /// </summary>
    /// <exception cref="ArgumentException">the PDU is not one a master sends to a sub-agent.</exception>
    public static AgentXResponsePdu? Answer(AgentXPdu request, MibView view)
    {
        if (request.Context is not null && request is AgentXGetPdu or AgentXGetNextPdu or AgentXGetBulkPdu or AgentXTestSetPdu)
            return Echo(request, new AgentXResponsePdu(0, AgentXErrorStatus.UnsupportedContext, 0, [])); // we only register in the default context

        AgentXResponsePdu? response = request switch
        {
            AgentXGetPdu get => Respond(Get(get.Ranges, view)),
            AgentXGetNextPdu getNext => Respond(GetNext(getNext.Ranges, view)),
            AgentXGetBulkPdu getBulk => Respond(GetBulk(getBulk.NonRepeaters, getBulk.MaxRepetitions, getBulk.Ranges, view)),
            // Read-only (§7.2.4.1): every TestSet fails on its first VarBind with notWritable.
            AgentXTestSetPdu testSet => new AgentXResponsePdu(0, AgentXErrorStatus.NotWritable, testSet.VarBinds.Count > 0 ? (ushort)1 : (ushort)0, []),
            // A CommitSet can only follow a successful TestSet, which we never give: nothing was committed.
            AgentXCommitSetPdu => new AgentXResponsePdu(0, AgentXErrorStatus.CommitFailed, 0, []),
            // Nothing was ever changed, so undoing it succeeds (§7.2.4.3).
            AgentXUndoSetPdu => new AgentXResponsePdu(0, AgentXErrorStatus.NoError, 0, []),
            AgentXCleanupSetPdu => null,
            _ => throw new ArgumentException($"a master does not send {request.Type} to a sub-agent", nameof(request)),
        };
        return response is null ? null : Echo(request, response);
    }

    /// <summary>Get (§7.2.3.1): each start's value, or noSuchInstance/noSuchObject; the ends are ignored.</summary>
    public static List<AgentXVarBind> Get(IReadOnlyList<AgentXSearchRange> ranges, MibView view)
    {
        var varBinds = new List<AgentXVarBind>(ranges.Count);
        foreach (var range in ranges) varBinds.Add(new AgentXVarBind(range.Start, view.Get(range.Start)));
        return varBinds;
    }

    /// <summary>GetNext (§7.2.3.2): one VarBind per range, in order.</summary>
    public static List<AgentXVarBind> GetNext(IReadOnlyList<AgentXSearchRange> ranges, MibView view)
    {
        var varBinds = new List<AgentXVarBind>(ranges.Count);
        foreach (var range in ranges) varBinds.Add(Next(range, view));
        return varBinds;
    }

    /// <summary>
    /// GetBulk (§7.2.3.3): the first <paramref name="nonRepeaters"/> ranges as in GetNext; then up to
    /// <paramref name="maxRepetitions"/> rounds over the remaining ranges, each round continuing every
    /// range just after the name the previous round found for it (same end). Stops early once a whole
    /// round is endOfMibView — later rounds could only repeat it — or at <see cref="MaxBulkVarBinds"/>.
    /// </summary>
    public static List<AgentXVarBind> GetBulk(int nonRepeaters, int maxRepetitions, IReadOnlyList<AgentXSearchRange> ranges, MibView view)
    {
        int fixedCount = Math.Min(nonRepeaters, ranges.Count);
        var varBinds = new List<AgentXVarBind>();
        for (int i = 0; i < fixedCount && varBinds.Count < MaxBulkVarBinds; i++) varBinds.Add(Next(ranges[i], view));

        var cursors = ranges.Skip(fixedCount).ToArray();
        for (int round = 0; round < maxRepetitions && cursors.Length > 0; round++)
        {
            if (varBinds.Count + cursors.Length > MaxBulkVarBinds) break; // whole rounds only
            bool anyFound = false;
            for (int i = 0; i < cursors.Length; i++)
            {
                var found = Next(cursors[i], view);
                varBinds.Add(found);
                if (found.Value.Type != SnmpType.EndOfMibView)
                {
                    anyFound = true;
                    cursors[i] = cursors[i] with { Start = found.Name, Include = false };
                }
            }
            if (!anyFound) break;
        }
        return varBinds;
    }

    /// <summary>
    /// The first instance at or after the start (at only with include set) and before the end, or
    /// endOfMibView named by the start when the range holds none (§7.2.3.2).
    /// </summary>
    private static AgentXVarBind Next(AgentXSearchRange range, MibView view)
    {
        if (range.Include)
        {
            var exact = view.Get(range.Start);
            if (!exact.IsException && range.IsBeforeEnd(range.Start)) return new AgentXVarBind(range.Start, exact);
        }
        if (view.TryGetNext(range.Start, out var next, out var value) && range.IsBeforeEnd(next))
            return new AgentXVarBind(next, value);
        return new AgentXVarBind(range.Start, SnmpValue.EndOfMibView);
    }

    private static AgentXResponsePdu Respond(List<AgentXVarBind> varBinds) => new(0, AgentXErrorStatus.NoError, 0, varBinds);

    // §7.2.2: a Response carries the sessionID, transactionID and packetID of the request it answers.
    private static AgentXResponsePdu Echo(AgentXPdu request, AgentXResponsePdu response) => response with
    {
        SessionId = request.SessionId,
        TransactionId = request.TransactionId,
        PacketId = request.PacketId,
    };
}
