using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// USM incoming processing on the authoritative side (RFC 3414 §3.2), for requests to this engine.
/// The checks run in the RFC's order, each failure counted in usmStats and turned into a Report:
/// engineID (step 3; an empty one is discovery, §4) → user (step 4) → security level (step 5) →
/// digest (step 6) → time window (step 7a) → decryption (step 8). Keys come from the users' caches,
/// never derived per packet. Thread-safe.
/// </summary>
public sealed class UsmAuthoritativeProcessor
{
    private readonly SnmpEngine _engine;
    private readonly UsmUserStore _users;

    public UsmAuthoritativeProcessor(SnmpEngine engine, UsmUserStore users)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(users);
        _engine = engine;
        _users = users;
    }

    /// <param name="datagram">The whole message as received: the MAC covers all of it.</param>
    /// <param name="message">Its decoding; must carry USM parameters.</param>
    /// <param name="level">The level from msgFlags (already checked to be valid, RFC 3412 §7.2).</param>
    public UsmIncomingResult Process(ReadOnlySpan<byte> datagram, V3Message message, SecurityLevel level)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parameters = message.UsmParameters ?? throw new ArgumentException("not a USM message", nameof(message));
        byte[] engineId = _engine.EngineId;

        // Step 3: only requests addressed to this engine. Discovery (empty engineID) lands here too and
        // learns our engineID, boots and time from the Report (§4).
        if (!parameters.AuthoritativeEngineId.AsSpan().SequenceEqual(engineId))
            return Reject(UsmStatsCounter.UnknownEngineIds, parameters, level);

        // Step 4: a configured user (usmUserTable, matched on the exact octets).
        if (!_users.TryGetUser(parameters.UserName, out var user))
            return Reject(UsmStatsCounter.UnknownUserNames, parameters, level);

        // Step 5: the user's protocols must support the level, and the level must be at least the user's minimum.
        if (!user.Accepts(level))
            return Reject(UsmStatsCounter.UnsupportedSecLevels, parameters, level, user);

        UsmUserKeys? keys = null;
        if (level >= SecurityLevel.AuthNoPriv)
        {
            keys = user.KeysFor(engineId);
            // Step 6: the HMAC over the whole message (wrong length included).
            if (!UsmIncoming.VerifyDigest(datagram, parameters, keys))
                return Reject(UsmStatsCounter.WrongDigests, parameters, level, user);

            // Step 7a: replay protection, only for authenticated messages.
            if (TimelinessCheck.Check(_engine.Now(), parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime) != TimelinessVerdict.InTimeWindow)
                return RejectAuthenticated(UsmStatsCounter.NotInTimeWindows, user, level);
        }

        byte[]? decrypted = null;
        if (level == SecurityLevel.AuthPriv && !UsmIncoming.TryDecrypt(message, keys!, out decrypted))
            return Reject(UsmStatsCounter.DecryptionErrors, parameters, level, user); // step 8

        try
        {
            return UsmIncomingResult.Accepted(user, level, UsmIncoming.DecodeScopedPdu(message, decrypted, keys));
        }
        catch (BerDecodeException)
        {
            return UsmIncomingResult.Malformed(user, level);
        }
    }

    /// <summary>A noAuthNoPriv Report with our engineID, boots and time, echoing msgUserName (RFC 3414 §3.2 steps 3–6, 8).</summary>
    private UsmIncomingResult Reject(UsmStatsCounter counter, UsmSecurityParameters parameters, SecurityLevel level, UsmUser? user = null)
    {
        var (instance, value) = _engine.UsmStats.IncrementForReport(counter);
        var clock = _engine.Now();
        var security = UsmOutgoingSecurity.Unauthenticated(parameters.UserName, _engine.EngineId, clock.Boots, clock.Time);
        return UsmIncomingResult.Rejected(counter, new VarBind(instance, value), security, user, level);
    }

    /// <summary>An authNoPriv Report (RFC 3414 §3.2 step 7a): the manager may trust the boots and time in it to resynchronize.</summary>
    private UsmIncomingResult RejectAuthenticated(UsmStatsCounter counter, UsmUser user, SecurityLevel level)
    {
        var (instance, value) = _engine.UsmStats.IncrementForReport(counter);
        var security = UsmOutgoingSecurity.For(user, SecurityLevel.AuthNoPriv, _engine.EngineId, _engine.Now());
        return UsmIncomingResult.Rejected(counter, new VarBind(instance, value), security, user, level);
    }
}
