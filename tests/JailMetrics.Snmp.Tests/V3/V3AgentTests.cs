using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;
using JailMetrics.Snmp.Tests.Support;
using static JailMetrics.Snmp.Tests.Support.TestViews;

namespace JailMetrics.Snmp.Tests.V3;

/// <summary>
/// The agent's SNMPv3 path in-process (RFC 3412 §7.2, RFC 3414 §3.2, RFC 3413 §3.2): every level
/// answered at the request's level, each USM check in order with its counter and Report, the MPD
/// checks, contexts, views, size limits and the engine's own objects.
/// </summary>
public sealed class V3AgentTests : IDisposable
{
    private readonly V3TestAgent _agent = new(Jails());

    public void Dispose() => _agent.Dispose();

    private EngineClock Now => _agent.Engine.Now();

    private static V3TestManager Manager(string user) => new(V3TestAgent.User(user));

    private V3TestManager.Answer Ask(V3TestManager manager, SecurityLevel level, PduType type, IEnumerable<Oid> names, int requestId = 77,
        int field2 = 0, int field3 = 0, int maxSize = 65507, string contextName = "")
    {
        byte[] request = manager.Request(level, _agent.EngineId, Now, type, names, requestId: requestId, field2: field2, field3: field3,
            maxSize: maxSize, contextName: contextName);
        byte[] answer = _agent.Send(request) ?? throw new Xunit.Sdk.XunitException("no answer");
        return manager.Open(answer);
    }

    [Theory]
    [InlineData("shaaes", SecurityLevel.AuthPriv)]
    [InlineData("md5des", SecurityLevel.AuthPriv)]
    [InlineData("sha256auth", SecurityLevel.AuthNoPriv)]
    [InlineData("sha512aes256", SecurityLevel.AuthNoPriv)] // its minimum
    [InlineData("sha512aes256", SecurityLevel.AuthPriv)]
    [InlineData("noauth", SecurityLevel.NoAuthNoPriv)]
    public void Requests_are_answered_at_their_own_level_with_msgID_echoed(string user, SecurityLevel level)
    {
        var manager = Manager(user);
        byte[] request = manager.Request(level, _agent.EngineId, Now, PduType.GetRequest, [Scalar, NameColumn.Append(2)], messageId: 31337, requestId: 1234);
        var answer = manager.Open(_agent.Send(request)!);

        Assert.Equal(31337, answer.Message.MessageId);
        Assert.Equal(level, answer.Level);
        Assert.False(answer.Message.IsReportable); // RFC 3412 §7.1 step 4: a Response is not reportable
        Assert.Equal(_agent.EngineId, answer.Usm.AuthoritativeEngineId);
        Assert.Equal(_agent.EngineId, answer.Scoped.ContextEngineId);
        Assert.Equal(PduType.Response, answer.Pdu.Type);
        Assert.Equal(1234, answer.Pdu.RequestId);
        Assert.Equal([SnmpValue.Integer(42), SnmpValue.OctetString("db")], answer.Pdu.VarBinds.Select(v => v.Value));
        Assert.Equal(0u, _agent.UsmStats.Snapshot().Aggregate(0u, (sum, counter) => sum + (uint)counter.Value.Number));
    }

    [Fact]
    public void Every_encrypted_response_uses_a_fresh_salt()
    {
        var manager = Manager("shaaes");
        var salts = Enumerable.Range(0, 5)
            .Select(_ => Convert.ToHexString(Ask(manager, SecurityLevel.AuthPriv, PduType.GetRequest, [Scalar]).Usm.PrivacyParameters))
            .ToList();
        Assert.Equal(5, salts.Distinct().Count());
    }

    [Fact]
    public void Unknown_engine_id_is_reported_unauthenticated_with_the_user_name_echoed()
    {
        var manager = Manager("shaaes");
        byte[] request = manager.Request(SecurityLevel.AuthPriv, Hex.Bytes("80001f8880ca2a6c4f509b0a6b00000000"), new EngineClock(1, 9), PduType.GetRequest, [Scalar]);
        var report = manager.Open(_agent.Send(request)!);

        Assert.Equal(SecurityLevel.NoAuthNoPriv, report.Level);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.UnknownEngineIds)));
        Assert.Equal("shaaes"u8.ToArray(), report.Usm.UserName);
        Assert.Equal(_agent.EngineId, report.Usm.AuthoritativeEngineId);
        Assert.Equal((Now.Boots, Now.Time), (report.Usm.AuthoritativeEngineBoots, report.Usm.AuthoritativeEngineTime));
        Assert.Equal(0, report.Pdu.RequestId); // the PDU was encrypted: unreadable
    }

    [Fact]
    public void Unknown_user_is_reported_with_the_request_id_when_readable()
    {
        var stranger = new V3TestManager(null);
        byte[] request = stranger.Request(SecurityLevel.NoAuthNoPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar], requestId: 555, userName: "nobody"u8.ToArray());
        var report = stranger.Open(_agent.Send(request)!);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.UnknownUserNames)));
        Assert.Equal(555, report.Pdu.RequestId);
        Assert.Equal(SecurityLevel.NoAuthNoPriv, report.Level);
        Assert.Equal(1u, _agent.UsmStats.Get(UsmStatsCounter.UnknownUserNames));
    }

    [Theory]
    [InlineData("shaaes", SecurityLevel.AuthNoPriv)]       // below the user's minimum (authPriv)
    [InlineData("shaaes", SecurityLevel.NoAuthNoPriv)]
    [InlineData("sha256auth", SecurityLevel.NoAuthNoPriv)]
    [InlineData("sha512aes256", SecurityLevel.NoAuthNoPriv)]
    public void A_level_below_the_users_minimum_is_an_unsupported_security_level(string user, SecurityLevel level)
    {
        var manager = Manager(user);
        var report = Ask(manager, level, PduType.GetRequest, [Scalar]);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.UnsupportedSecLevels)));
        Assert.Equal(SecurityLevel.NoAuthNoPriv, report.Level);
    }

    [Fact]
    public void A_level_above_the_users_protocols_is_an_unsupported_security_level()
    {
        // The manager believes "noauth" has keys; the agent's noauth user has none.
        var impostor = new V3TestManager(new UsmUser("noauth", AuthProtocol.HmacSha1, "authpass123"u8, null, default, SecurityLevel.AuthNoPriv, AccessView.All));
        byte[] request = impostor.Request(SecurityLevel.AuthNoPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar]);
        var report = new V3TestManager(null).Open(_agent.Send(request)!);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.UnsupportedSecLevels)));
    }

    [Fact]
    public void A_wrong_password_is_a_wrong_digest_and_gets_no_data()
    {
        var wrong = new V3TestManager(new UsmUser("shaaes", AuthProtocol.HmacSha1, "wrongpass123"u8, PrivProtocol.Aes128, "privpass123"u8, SecurityLevel.AuthPriv, AccessView.All));
        byte[] request = wrong.Request(SecurityLevel.AuthPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar]);
        var report = new V3TestManager(null).Open(_agent.Send(request)!);

        Assert.Equal(SecurityLevel.NoAuthNoPriv, report.Level);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.WrongDigests)));
        Assert.Equal(1u, _agent.UsmStats.Get(UsmStatsCounter.WrongDigests));
    }

    [Theory]
    [InlineData(1)]  // CVE-2008-0960: a 1-octet MAC must not be compared as a prefix
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(13)]
    public void A_mac_of_the_wrong_length_is_a_wrong_digest(int macLength)
    {
        var manager = Manager("sha256auth");
        byte[] good = manager.Request(SecurityLevel.AuthNoPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar]);
        var parameters = V3MessageDecoder.Decode(good).UsmParameters!;
        byte[] tampered = V3Mutations.ReplaceMac(good, parameters, new byte[macLength]);
        var report = new V3TestManager(null).Open(_agent.Send(tampered)!);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.WrongDigests)));
    }

    [Theory]
    [InlineData(0, -1000)] // reference §1.8 F: 1000 s stale
    [InlineData(0, 151)]
    [InlineData(0, -151)]
    [InlineData(1, 0)]     // another boots
    [InlineData(-1, 0)]
    public void Outside_the_time_window_gets_an_authenticated_report_with_our_clock(int bootsOffset, int timeOffset)
    {
        _agent.Clock.Advance(TimeSpan.FromSeconds(2000));
        var manager = Manager("shaaes");
        var stale = new EngineClock(Now.Boots + bootsOffset, Now.Time + timeOffset);
        byte[] request = manager.Request(SecurityLevel.AuthPriv, _agent.EngineId, stale, PduType.GetRequest, [Scalar], requestId: 99);
        var report = manager.Open(_agent.Send(request)!); // verified with the user's key

        Assert.Equal(SecurityLevel.AuthNoPriv, report.Level);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.NotInTimeWindows)));
        Assert.Equal((Now.Boots, Now.Time), (report.Usm.AuthoritativeEngineBoots, report.Usm.AuthoritativeEngineTime));
        Assert.Equal(0, report.Pdu.RequestId); // still encrypted when refused (reference §1.8 F)
    }

    [Theory]
    [InlineData(150)]
    [InlineData(-150)]
    public void The_window_is_150_seconds_either_side(int timeOffset)
    {
        _agent.Clock.Advance(TimeSpan.FromSeconds(1000));
        var manager = Manager("shaaes");
        byte[] request = manager.Request(SecurityLevel.AuthPriv, _agent.EngineId, new EngineClock(Now.Boots, Now.Time + timeOffset), PduType.GetRequest, [Scalar]);
        Assert.Equal(PduType.Response, manager.Open(_agent.Send(request)!).Pdu.Type);
    }

    [Fact]
    public void A_wrong_privacy_password_is_a_decryption_error()
    {
        var wrong = new V3TestManager(new UsmUser("shaaes", AuthProtocol.HmacSha1, "authpass123"u8, PrivProtocol.Aes128, "wrongpriv123"u8, SecurityLevel.AuthPriv, AccessView.All));
        byte[] request = wrong.Request(SecurityLevel.AuthPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar]);
        var report = new V3TestManager(null).Open(_agent.Send(request)!);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.DecryptionErrors)));
        Assert.Equal(SecurityLevel.NoAuthNoPriv, report.Level);
    }

    [Fact]
    public void A_salt_of_the_wrong_length_is_a_decryption_error()
    {
        var manager = Manager("md5des");
        byte[] good = manager.Request(SecurityLevel.AuthPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar]);
        var message = V3MessageDecoder.Decode(good);
        // Re-sign after cutting the salt to 7 octets, so the digest passes and decryption is what fails.
        byte[] tampered = V3Mutations.ResignWithPrivacyParameters(good, message, message.UsmParameters!.PrivacyParameters[..7], V3TestAgent.User("md5des"));
        var report = new V3TestManager(null).Open(_agent.Send(tampered)!);
        Assert.Equal(1u, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.DecryptionErrors)));
    }

    [Fact]
    public void Rejections_without_the_reportable_flag_are_counted_but_not_answered()
    {
        var stranger = new V3TestManager(null);
        byte[] request = stranger.Request(SecurityLevel.NoAuthNoPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar], reportable: false, userName: "nobody"u8.ToArray());
        Assert.Null(_agent.Send(request));
        Assert.Equal(1u, _agent.UsmStats.Get(UsmStatsCounter.UnknownUserNames));
    }

    [Fact]
    public void Privacy_without_authentication_is_an_invalid_message_and_dropped()
    {
        byte[] request = Manager("noauth").Request(SecurityLevel.NoAuthNoPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar]);
        byte[] invalid = V3Mutations.WithFlags(request, 0x06); // priv + reportable, no auth
        Assert.Null(_agent.Send(invalid));
        Assert.Equal(1u, _agent.Counters.Mpd.Get(MpdStatsCounter.InvalidMsgs));
    }

    [Fact]
    public void An_unknown_security_model_is_counted_and_reported()
    {
        byte[] request = Manager("noauth").Request(SecurityLevel.NoAuthNoPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar]);
        byte[] otherModel = V3Mutations.WithSecurityModel(request, 2);
        var report = new V3TestManager(null).Open(_agent.Send(otherModel)!);
        Assert.Equal(1u, report.ReportOf(MpdStats.InstanceOf(MpdStatsCounter.UnknownSecurityModels)));
    }

    [Fact]
    public void A_context_other_than_the_default_is_an_unknown_context_reported_at_the_request_level()
    {
        var manager = Manager("shaaes");
        var report = Ask(manager, SecurityLevel.AuthPriv, PduType.GetRequest, [Scalar], requestId: 808, contextName: "vrf1");
        Assert.Equal(SecurityLevel.AuthPriv, report.Level);
        Assert.Equal(1u, report.ReportOf(ContextStats.UnknownContextsInstance));
        Assert.Equal(808, report.Pdu.RequestId);
    }

    [Fact]
    public void Another_context_engine_or_a_pdu_an_agent_does_not_take_counts_unknown_pdu_handlers()
    {
        var manager = Manager("sha256auth");
        byte[] request = manager.Request(SecurityLevel.AuthNoPriv, _agent.EngineId, Now, PduType.GetRequest, [Scalar],
            contextEngineId: Hex.Bytes("8000000001020304"));
        var report = manager.Open(_agent.Send(request)!);
        Assert.Equal(1u, report.ReportOf(MpdStats.InstanceOf(MpdStatsCounter.UnknownPduHandlers)));

        // A Response or Trap sent to the agent: counted, never answered (not a confirmed-class PDU).
        Assert.Null(_agent.Send(manager.Request(SecurityLevel.AuthNoPriv, _agent.EngineId, Now, PduType.Response, [Scalar])));
        Assert.Null(_agent.Send(manager.Request(SecurityLevel.AuthNoPriv, _agent.EngineId, Now, PduType.TrapV2, [Scalar], reportable: false)));
        Assert.Equal(3u, _agent.Counters.UnknownPduHandlers);
    }

    [Fact]
    public void Set_is_refused_notWritable()
    {
        var answer = Ask(Manager("shaaes"), SecurityLevel.AuthPriv, PduType.SetRequest, [Scalar]);
        Assert.Equal(ErrorStatus.NotWritable, answer.Pdu.ErrorStatus);
        Assert.Equal(1, answer.Pdu.ErrorIndex);
    }

    [Fact]
    public void The_user_view_hides_the_excluded_subtree_from_get_getnext_and_getbulk()
    {
        var limited = Manager("limited");
        var get = Ask(limited, SecurityLevel.AuthPriv, PduType.GetRequest, [NameColumn.Append(1), Scalar]);
        Assert.Equal([SnmpValue.NoSuchObject, SnmpValue.Integer(42)], get.Pdu.VarBinds.Select(v => v.Value));

        // GetNext from the scalar skips the whole table and lands on the next visible object.
        var next = Ask(limited, SecurityLevel.AuthPriv, PduType.GetNextRequest, [Scalar]);
        Assert.Equal(Address, Assert.Single(next.Pdu.VarBinds).Name);

        var bulk = Ask(limited, SecurityLevel.AuthPriv, PduType.GetBulkRequest, [Root], field3: 50);
        var names = bulk.Pdu.VarBinds.Select(v => v.Name).ToList();
        Assert.DoesNotContain(names, name => name.StartsWith(V3TestAgent.LimitedExcludes));
        Assert.Equal([Scalar, Address, Identity], names.Where(name => name.StartsWith(Root)));

        // The unrestricted user sees the table.
        var full = Ask(Manager("shaaes"), SecurityLevel.AuthPriv, PduType.GetRequest, [NameColumn.Append(1)]);
        Assert.Equal(SnmpValue.OctetString("web01"), Assert.Single(full.Pdu.VarBinds).Value);
    }

    [Fact]
    public void A_community_view_restricts_v2c_the_same_way()
    {
        using var agent = new V3TestAgent(Jails(), options => options.Communities = [new SnmpCommunity { Name = "public", View = "limited" }]);
        var dispatch = agent.Dispatcher;
        var response = new ResponsePdu();
        var buffer = new byte[65507];
        int length = dispatch.Dispatch(Requests.Build(SnmpVersion.V2c, PduType.GetRequest, [NameColumn.Append(1), Scalar]), TestDispatch.Loopback, buffer, response);
        var answer = CommunityMessageDecoder.Decode(buffer.AsSpan(0, length));
        Assert.Equal([SnmpValue.NoSuchObject, SnmpValue.Integer(42)], answer.Pdu.VarBinds.Select(v => v.Value));

        length = dispatch.Dispatch(Requests.Build(SnmpVersion.V1, PduType.GetNextRequest, [Scalar]), TestDispatch.Loopback, buffer, response);
        Assert.Equal(Address, CommunityMessageDecoder.Decode(buffer.AsSpan(0, length)).Pdu.VarBinds[0].Name);
    }

    [Fact]
    public void An_unknown_view_name_fails_construction()
    {
        var error = Assert.Throws<UsmConfigurationException>(() =>
            new V3TestAgent(configure: options => options.Communities = [new SnmpCommunity { Name = "public", View = "nope" }]).Dispose());
        Assert.Contains("nope", error.Message);
    }

    [Fact]
    public void The_response_fits_the_originators_msgMaxSize()
    {
        using var agent = new V3TestAgent(Jails(rows: 200));
        var manager = Manager("shaaes");
        var now = agent.Engine.Now();
        byte[] request = manager.Request(SecurityLevel.AuthPriv, agent.EngineId, now, PduType.GetBulkRequest, [Root], field3: 500, maxSize: 484);
        byte[] answer = agent.Send(request)!;
        Assert.InRange(answer.Length, 400, 484);
        var bulk = manager.Open(answer);
        Assert.Equal(ErrorStatus.NoError, bulk.Pdu.ErrorStatus);
        Assert.True(bulk.Pdu.VarBinds.Count > 5);

        // A Get that cannot fit is tooBig with no varbinds (RFC 3416 §4.2.1).
        request = manager.Request(SecurityLevel.AuthPriv, agent.EngineId, now, PduType.GetRequest, Enumerable.Repeat(NameColumn.Append(1), 40), maxSize: 484);
        var tooBig = manager.Open(agent.Send(request)!);
        Assert.Equal(ErrorStatus.TooBig, tooBig.Pdu.ErrorStatus);
        Assert.Empty(tooBig.Pdu.VarBinds);
    }

    [Fact]
    public void The_engine_mpd_and_usm_objects_are_served()
    {
        _agent.Clock.Advance(TimeSpan.FromSeconds(42));
        _agent.Send(V3TestManager.Discovery()); // usmStatsUnknownEngineIDs = 1
        var answer = Ask(Manager("shaaes"), SecurityLevel.AuthPriv, PduType.GetRequest,
        [
            V3AgentObjects.SnmpEngineId.Append(0), V3AgentObjects.SnmpEngineBoots.Append(0), V3AgentObjects.SnmpEngineTime.Append(0),
            V3AgentObjects.SnmpEngineMaxMessageSize.Append(0), UsmStats.InstanceOf(UsmStatsCounter.UnknownEngineIds),
            MpdStats.InstanceOf(MpdStatsCounter.InvalidMsgs), ContextStats.UnknownContextsInstance,
        ]);
        Assert.Equal(
        [
            SnmpValue.OctetString(_agent.EngineId), SnmpValue.Integer(1), SnmpValue.Integer(42), SnmpValue.Integer(65507),
            SnmpValue.Counter32(1), SnmpValue.Counter32(0), SnmpValue.Counter32(0),
        ], answer.Pdu.VarBinds.Select(v => v.Value));

        // A walk of the SNMPv3 MIB objects: snmpEngine (4) → snmpMPDStats (3) → target (2) → usmStats (6).
        var walk = Ask(Manager("shaaes"), SecurityLevel.AuthPriv, PduType.GetBulkRequest, [Oid.Parse("1.3.6.1.6.3.10")], field3: 15);
        Assert.Equal(
        [
            "1.3.6.1.6.3.10.2.1.1.0", "1.3.6.1.6.3.10.2.1.2.0", "1.3.6.1.6.3.10.2.1.3.0", "1.3.6.1.6.3.10.2.1.4.0",
            "1.3.6.1.6.3.11.2.1.1.0", "1.3.6.1.6.3.11.2.1.2.0", "1.3.6.1.6.3.11.2.1.3.0",
            "1.3.6.1.6.3.12.1.4.0", "1.3.6.1.6.3.12.1.5.0",
            "1.3.6.1.6.3.15.1.1.1.0", "1.3.6.1.6.3.15.1.1.2.0", "1.3.6.1.6.3.15.1.1.3.0", "1.3.6.1.6.3.15.1.1.4.0", "1.3.6.1.6.3.15.1.1.5.0", "1.3.6.1.6.3.15.1.1.6.0",
        ], walk.Pdu.VarBinds.Select(v => v.Name.ToString()));
    }

    [Fact]
    public void Without_an_engine_v3_stays_a_bad_version()
    {
        var dispatch = new TestDispatch(Jails());
        Assert.Null(dispatch.Send(V3TestManager.Discovery()));
        Assert.Equal(1u, dispatch.Counters.InBadVersions);
    }

    [Fact]
    public void Users_without_a_state_directory_are_a_configuration_error()
    {
        var options = new SnmpAgentOptions { Users = [new UsmUserOptions { Name = "noauth" }] };
        Assert.Throws<UsmConfigurationException>(() => new SnmpMessageDispatcher(options, new SnmpAgentCounters(), () => Jails()));
    }

    [Fact]
    public void Discovery_then_request_works_from_the_reported_engine_values()
    {
        _agent.Clock.Advance(TimeSpan.FromSeconds(77));
        var probe = new V3TestManager(null).Open(_agent.Send(V3TestManager.Discovery())!);
        var learned = probe.Usm;
        Assert.Equal((1, 77), (learned.AuthoritativeEngineBoots, learned.AuthoritativeEngineTime));

        var manager = Manager("md5des");
        byte[] request = manager.Request(SecurityLevel.AuthPriv, learned.AuthoritativeEngineId,
            new EngineClock(learned.AuthoritativeEngineBoots, learned.AuthoritativeEngineTime), PduType.GetRequest, [Scalar]);
        Assert.Equal(SnmpValue.Integer(42), manager.Open(_agent.Send(request)!).Pdu.VarBinds[0].Value);
    }
}
