using System.Buffers;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Protocol;

/// <summary>
/// The command responder's core (RFC 3413 §3.2): one request PDU and a view in, the response PDU
/// out. It knows nothing of transports, communities or USM, so the v1/v2c agent, a v3 engine and
/// an AgentX sub-agent can all use it. Read-only: every Set is refused. Stateless and thread-safe;
/// the caller owns the <see cref="ResponsePdu"/> it fills.
/// </summary>
public sealed class RequestProcessor
{
    private readonly int _maxGetBulkRepetitions;

    /// <param name="maxGetBulkRepetitions">Upper bound on max-repetitions, whatever the request asks (CVE-2008-4309).</param>
    public RequestProcessor(int maxGetBulkRepetitions = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxGetBulkRepetitions);
        _maxGetBulkRepetitions = maxGetBulkRepetitions;
    }

    /// <summary>
    /// Answers <paramref name="request"/> into <paramref name="response"/>, whose encoding will not
    /// exceed <paramref name="maxPduSize"/>. Returns false when not even a tooBig answer fits: the
    /// caller drops the request and counts snmpSilentDrops (RFC 3418).
    /// </summary>
    public bool Process(Pdu request, IMibReader view, ErrorModel errors, int maxPduSize, ResponsePdu response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(response);
        response.Begin(request.RequestId, maxPduSize);

        var outcome = request.Type switch
        {
            PduType.GetRequest => Get(request, view, errors, response),
            PduType.GetNextRequest => GetNext(request, view, errors, response),
            PduType.GetBulkRequest when errors == ErrorModel.SnmpV2 => GetBulk(request, view, response),
            PduType.SetRequest => RefuseSet(request, errors),
            _ => throw new ArgumentException($"{request.Type} is not a request an SNMPv{(errors == ErrorModel.SnmpV1 ? "1" : "2")} agent answers", nameof(request)),
        };

        return outcome.Kind switch
        {
            OutcomeKind.Answered => true,
            OutcomeKind.Error => response.TrySetErrorEchoing(request, outcome.Status, outcome.Index) || TooBig(request, errors, response),
            _ => TooBig(request, errors, response),
        };
    }

    /// <summary>RFC 3416 §4.2.1; SNMPv1: RFC 1157 §4.1.2 and RFC 3584 §4.2.2.1 (Counter64 is invisible to v1).</summary>
    private static Outcome Get(Pdu request, IMibReader view, ErrorModel errors, ResponsePdu response)
    {
        var requested = request.VarBinds;
        for (int i = 0; i < requested.Count; i++)
        {
            var name = requested[i].Name;
            var value = view.Get(name);
            if (errors == ErrorModel.SnmpV1 && (value.IsException || value.Type == SnmpType.Counter64))
                return Outcome.Error(ErrorStatus.NoSuchName, i + 1);
            if (!response.TryAdd(name, value)) return Outcome.TooBig;
        }
        return Outcome.Answered;
    }

    /// <summary>RFC 3416 §4.2.2; SNMPv1: end of view is noSuchName (RFC 1157 §4.1.3), Counter64 objects are skipped (RFC 3584 §4.2.2.1).</summary>
    private static Outcome GetNext(Pdu request, IMibReader view, ErrorModel errors, ResponsePdu response)
    {
        var requested = request.VarBinds;
        for (int i = 0; i < requested.Count; i++)
        {
            bool found = NextVisible(view, requested[i].Name, errors, out var next, out var value);
            if (!found && errors == ErrorModel.SnmpV1) return Outcome.Error(ErrorStatus.NoSuchName, i + 1);
            if (!response.TryAdd(next, value)) return Outcome.TooBig;
        }
        return Outcome.Answered;
    }

    /// <summary>
    /// RFC 3416 §4.2.3: N non-repeaters answered once, then up to M rounds over the R repeaters,
    /// interleaved. Negative N or M count as 0; M is clamped. The response is trimmed from the end
    /// to fit the size limit, and stops after the first round in which every repeater has reached
    /// endOfMibView. Work is bounded by the response size, not by N·M·R.
    /// </summary>
    private Outcome GetBulk(Pdu request, IMibReader view, ResponsePdu response)
    {
        var requested = request.VarBinds;
        int nonRepeaters = Math.Clamp(request.NonRepeaters, 0, requested.Count);
        int maxRepetitions = Math.Clamp(request.MaxRepetitions, 0, _maxGetBulkRepetitions);
        int repeaters = requested.Count - nonRepeaters;

        for (int i = 0; i < nonRepeaters; i++)
        {
            NextVisible(view, requested[i].Name, ErrorModel.SnmpV2, out var next, out var value);
            if (!response.TryAdd(next, value)) return Trimmed(response);
        }
        if (repeaters == 0 || maxRepetitions == 0) return Outcome.Answered;

        // A walk has one repeater, a table walk a few: their cursors live on the stack; more rent an array.
        var few = new FewOids();
        Oid[]? rented = repeaters <= FewOids.Capacity ? null : ArrayPool<Oid>.Shared.Rent(repeaters);
        Span<Oid> cursors = rented is null ? ((Span<Oid>)few)[..repeaters] : rented.AsSpan(0, repeaters);
        try
        {
            for (int r = 0; r < repeaters; r++) cursors[r] = requested[nonRepeaters + r].Name;
            for (int round = 0; round < maxRepetitions; round++)
            {
                bool anyFound = false;
                for (int r = 0; r < repeaters; r++)
                {
                    anyFound |= view.TryGetNext(cursors[r], out var next, out var value);
                    if (!response.TryAdd(next, value)) return Trimmed(response);
                    cursors[r] = next;
                }
                if (!anyFound) break;
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<Oid>.Shared.Return(rented, clearArray: true);
        }
        return Outcome.Answered;
    }

    /// <summary>
    /// GetBulk trims from the end rather than failing (RFC 3416 §4.2.3) — unless nothing at all
    /// fits, where an empty success would leave the manager looping; then tooBig.
    /// </summary>
    private static Outcome Trimmed(ResponsePdu response) => response.VarBinds.Count > 0 ? Outcome.Answered : Outcome.TooBig;

    /// <summary>
    /// This agent is read-only: every Set fails on its first varbind with notWritable (RFC 3416
    /// §4.2.5 step 4), which SNMPv1 reports as noSuchName (RFC 3584 §4.4; RFC 1157 §4.1.5). No
    /// value is looked at, so a hostile Set touches nothing (CVE-2022-24806..24810 class).
    /// </summary>
    private static Outcome RefuseSet(Pdu request, ErrorModel errors)
    {
        if (request.VarBinds.Count == 0) return Outcome.Answered;
        return Outcome.Error(errors == ErrorModel.SnmpV1 ? ErrorStatus.NoSuchName : ErrorStatus.NotWritable, 1);
    }

    /// <summary>tooBig: v2 with no varbinds (RFC 3416 §4.2.1), v1 "of identical form", echoing the request (RFC 1157 §4.1.2).</summary>
    private static bool TooBig(Pdu request, ErrorModel errors, ResponsePdu response) =>
        errors == ErrorModel.SnmpV1 ? response.TrySetErrorEchoing(request, ErrorStatus.TooBig, 0) : response.TrySetTooBigEmpty();

    /// <summary>The GetNext successor visible under <paramref name="errors"/>: SNMPv1 cannot see Counter64 (RFC 3584 §4.2.2.1).</summary>
    private static bool NextVisible(IMibReader view, Oid from, ErrorModel errors, out Oid next, out SnmpValue value)
    {
        var at = from;
        while (view.TryGetNext(at, out next, out value))
        {
            if (errors == ErrorModel.SnmpV2 || value.Type != SnmpType.Counter64) return true;
            at = next;
        }
        next = from; // endOfMibView carries the requested name (RFC 3416 §4.2.2)
        return false;
    }

    private enum OutcomeKind { Answered, Error, TooBig }

    private readonly record struct Outcome(OutcomeKind Kind, ErrorStatus Status, int Index)
    {
        public static Outcome Answered => new(OutcomeKind.Answered, ErrorStatus.NoError, 0);
        public static Outcome TooBig => new(OutcomeKind.TooBig, ErrorStatus.TooBig, 0);
        public static Outcome Error(ErrorStatus status, int index) => new(OutcomeKind.Error, status, index);
    }
}

/// <summary>
/// Room for a few GetBulk cursors on the stack: renting them per request from the shared pool of a
/// reference type showed in profiles of the NativeAOT agent (generic dictionary lookup, thread-static access).
/// </summary>
[System.Runtime.CompilerServices.InlineArray(Capacity)]
internal struct FewOids
{
    public const int Capacity = 8;

    private Oid _first;
}
