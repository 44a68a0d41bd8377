using System.Text;
using JailMetrics.Alerts;
using JailMetrics.Model;
using JailMetrics.Service.Snmp;
using JailMetrics.Snmp.Mib;
using JailMetrics.Tests.Support;
using static JailMetrics.Tests.Support.Snapshots;

namespace JailMetrics.Tests.Snmp;

/// <summary>Synthetic samples through the binding, read back from the MIB view it publishes.</summary>
public sealed class SnmpMibBindingTests : IDisposable
{
    private readonly BindingFixture _mib = new();

    public void Dispose() => _mib.Dispose();

    private static SnmpValue Text(string text) => SnmpValue.OctetString(text);

    [Fact]
    public void A_jail_row_carries_identity_parameters_and_every_resource_in_the_mib_units()
    {
        var www = Sample(Jail("www", 7) with { Vnet = true, StartTime = new DateTimeOffset(2026, 11, 28, 9, 30, 15, 250, TimeSpan.Zero) },
            EveryResource(100), Nic("eth0", 5)) with { Filesystem = Disk() };
        _mib.Publish(Of(Sample(Host, EveryResource(1000)), www));
        uint i = (uint)_mib.IndexOf("www");

        Assert.Equal(2u, i); // the host is 1
        Assert.Equal(Text("www"), _mib.Get("jmJailName", i));
        Assert.Equal(Text("host"), _mib.Get("jmJailName", 1));
        Assert.Equal(SnmpValue.Gauge32(7), _mib.Get("jmJailId", i));
        Assert.Equal(SnmpValue.Integer(1), _mib.Get("jmJailParentIndex", i));
        Assert.Equal(SnmpValue.Integer(0), _mib.Get("jmJailParentIndex", 1));
        Assert.Equal(Text("/jails/www"), _mib.Get("jmJailPath", i));
        Assert.Equal(Text("www.example.org"), _mib.Get("jmJailHostname", i));
        Assert.Equal(SnmpValue.Integer(1), _mib.Get("jmJailState", i));
        Assert.Equal(SnmpValue.Integer(1), _mib.Get("jmJailVnet", i)); // TruthValue true
        Assert.Equal(Text("192.0.2.10,192.0.2.11"), _mib.Get("jmJailIPv4Addresses", i));
        Assert.Equal(Text("2001:db8::10"), _mib.Get("jmJailIPv6Addresses", i));
        Assert.Equal(SnmpValue.OctetString([0x07, 0xEA, 11, 28, 9, 30, 15, 2, (byte)'+', 0, 0]), _mib.Get("jmJailStartTime", i));

        // Resource r has 100 + r in base units; the MIB scales seconds to ms and percent to hundredths.
        Assert.Equal(SnmpValue.Counter64(100_000), _mib.Get("jmJailCpuTime", i));
        Assert.Equal(SnmpValue.Gauge32(10_100), _mib.Get("jmJailPcpu", i));
        Assert.Equal(SnmpValue.Counter64(105), _mib.Get("jmJailMemoryUse", i));
        Assert.Equal(SnmpValue.Gauge32(107), _mib.Get("jmJailMaxProc", i));
        Assert.Equal(SnmpValue.Counter64(120_000), _mib.Get("jmJailWallclock", i));
        Assert.Equal(SnmpValue.Counter64(125), _mib.Get("jmJailIoReadBytes", i));
        foreach (var column in ResourceColumns.All)
        {
            var value = _mib.Get(column.Name, i);
            Assert.Equal(column.Syntax.WireType, value.Type);
            Assert.Equal(column.Scaled(100 + (int)column.Resource), value.Type == SnmpType.Counter64 ? value.Unsigned64 : (ulong)value.Number);
        }

        Assert.Equal(SnmpValue.Counter64(10_000_000), _mib.Get("jmJailFsSize", i));
        Assert.Equal(SnmpValue.Counter64(6_000_000), _mib.Get("jmJailFsUsed", i));
        Assert.Equal(SnmpValue.Counter64(400), _mib.Get("jmJailFsFilesFree", i));
    }

    [Fact]
    public void A_value_that_was_not_measured_has_no_instance_never_a_zero()
    {
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("db", 3), Usage((Resource.MemoryUse, 0)))));
        uint i = (uint)_mib.IndexOf("db");

        Assert.Equal(SnmpValue.Counter64(0), _mib.Get("jmJailMemoryUse", i)); // measured as zero: present
        foreach (var column in ResourceColumns.All.Where(c => c.Resource != Resource.MemoryUse))
            Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get(column.Name, i));
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmJailFsSize", i));
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmJailStartTime", i));
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmAgentRacctEnabled", 0)); // Linux has no RACCT switch
        Assert.Empty(_mib.Column("jmJailIfName"));
        Assert.Empty(_mib.Column("jmJailLimitAmount"));
        Assert.Empty(_mib.Column("jmHostIpcLimitValue"));
    }

    [Fact]
    public void Indexes_survive_a_jail_restart_and_a_service_restart()
    {
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage()), Sample(Jail("db", 8), Usage())));
        Assert.Equal(Text("www"), _mib.Get("jmJailName", 2));
        Assert.Equal(Text("db"), _mib.Get("jmJailName", 3));

        // www restarts: new JID, same row.
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("db", 8), Usage()), Sample(Jail("www", 19), Usage())));
        Assert.Equal(Text("www"), _mib.Get("jmJailName", 2));
        Assert.Equal(SnmpValue.Gauge32(19), _mib.Get("jmJailId", 2));

        // The service restarts on the same state directory, and sees db first this time.
        using var restarted = new BindingFixture(_mib.StateDirectory);
        restarted.Publish(Of(Sample(Host, Usage()), Sample(Jail("db", 8), Usage()), Sample(Jail("new", 30), Usage()), Sample(Jail("www", 19), Usage())));
        Assert.Equal(Text("www"), restarted.Get("jmJailName", 2));
        Assert.Equal(Text("db"), restarted.Get("jmJailName", 3));
        Assert.Equal(Text("new"), restarted.Get("jmJailName", 4));
    }

    [Fact]
    public void A_restart_moves_the_discontinuity_time_of_that_jail_and_its_interfaces_only()
    {
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage(), Nic("eth0", 1)), Sample(Jail("db", 8), Usage(), Nic("eth0", 1))));
        // Already running when the agent started: TimeStamp 0 (RFC 2579).
        Assert.Equal(SnmpValue.TimeTicks(0), _mib.Get("jmJailDiscontinuityTime", 2));
        Assert.Equal(SnmpValue.TimeTicks(0), _mib.Get("jmJailIfDiscontinuityTime", 2, 1));

        _mib.Clock.Advance(TimeSpan.FromSeconds(5));
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage(), Nic("eth0", 2)), Sample(Jail("db", 8), Usage(), Nic("eth0", 2))));
        Assert.Equal(SnmpValue.TimeTicks(0), _mib.Get("jmJailDiscontinuityTime", 2));
        Assert.Equal(SnmpValue.TimeTicks(0), _mib.Get("jmJailTableLastChange", 0));

        _mib.Clock.Advance(TimeSpan.FromSeconds(7));
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 21), Usage(), Nic("eth0", 1)), Sample(Jail("db", 8), Usage(), Nic("eth0", 3))));
        Assert.Equal(SnmpValue.TimeTicks(1200), _mib.Get("jmJailDiscontinuityTime", 2));
        Assert.Equal(SnmpValue.TimeTicks(1200), _mib.Get("jmJailIfDiscontinuityTime", 2, 1));
        Assert.Equal(SnmpValue.TimeTicks(0), _mib.Get("jmJailDiscontinuityTime", 3));
        Assert.Equal(SnmpValue.TimeTicks(0), _mib.Get("jmJailIfDiscontinuityTime", 3, 1));
        Assert.Equal(SnmpValue.TimeTicks(1200), _mib.Get("jmJailTableLastChange", 0));

        _mib.Clock.Advance(TimeSpan.FromSeconds(8));
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 21), Usage()), Sample(Jail("db", 8), Usage()), Sample(Jail("new", 40), Usage())));
        Assert.Equal(SnmpValue.TimeTicks(2000), _mib.Get("jmJailDiscontinuityTime", (uint)_mib.IndexOf("new")));
        Assert.Equal(SnmpValue.TimeTicks(1200), _mib.Get("jmJailDiscontinuityTime", 2));
        Assert.Equal(SnmpValue.TimeTicks(2000), _mib.Get("jmJailTableLastChange", 0));
    }

    [Fact]
    public void Interfaces_are_numbered_by_name_and_a_newcomer_takes_the_next_number()
    {
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage(), Nic("eth1", 2), Nic("eth0", 1))));
        Assert.Equal(Text("eth0"), _mib.Get("jmJailIfName", 2, 1));
        Assert.Equal(Text("eth1"), _mib.Get("jmJailIfName", 2, 2));
        Assert.Equal(SnmpValue.Counter64(2000), _mib.Get("jmJailIfHCInOctets", 2, 2));
        Assert.Equal(SnmpValue.Counter64(20), _mib.Get("jmJailIfHCInPkts", 2, 2));
        Assert.Equal(SnmpValue.Counter64(2), _mib.Get("jmJailIfInErrors", 2, 2));
        Assert.Equal(SnmpValue.Counter64(3), _mib.Get("jmJailIfInDiscards", 2, 2));
        Assert.Equal(SnmpValue.Counter64(4000), _mib.Get("jmJailIfHCOutOctets", 2, 2));
        Assert.Equal(SnmpValue.Counter64(40), _mib.Get("jmJailIfHCOutPkts", 2, 2));
        Assert.Equal(SnmpValue.Counter64(4), _mib.Get("jmJailIfOutErrors", 2, 2));
        Assert.Equal(SnmpValue.Counter64(5), _mib.Get("jmJailIfOutDiscards", 2, 2));

        // "a0" sorts first but arrives later: it must not renumber eth0 and eth1. eth0 leaves; eth1 keeps 2.
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage(), Nic("eth1", 2), Nic("a0", 9))));
        Assert.Equal(Text("eth1"), _mib.Get("jmJailIfName", 2, 2));
        Assert.Equal(Text("a0"), _mib.Get("jmJailIfName", 2, 3));
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmJailIfName", 2, 1));

        // eth0 comes back under its old number.
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage(), Nic("eth0", 1), Nic("eth1", 2), Nic("a0", 9))));
        Assert.Equal(Text("eth0"), _mib.Get("jmJailIfName", 2, 1));
    }

    [Fact]
    public void Limits_sit_next_to_usage_in_the_usage_columns_units_indexed_by_resource_action_and_subject()
    {
        var www = Sample(Jail("www", 7), Usage((Resource.MemoryUse, 300_000_000), (Resource.Pcpu, 12.5))) with
        {
            Limits =
            [
                new JailLimit(Resource.MemoryUse, "deny", 536_870_912),
                new JailLimit(Resource.MemoryUse, "deny", 536_870_912), // a repeated rule is one row
                new JailLimit(Resource.Pcpu, "sigterm", 50, "process"),
                new JailLimit(Resource.CpuTime, "log", 3600),             // no usage measured: no usage instance
                new JailLimit(Resource.MaxProc, "frobnicate", 10),         // an action the MIB cannot number: left out
            ],
        };
        _mib.Publish(Of(Sample(Host, Usage()), www));

        uint memoryuse = 6, pcpu = 2, cputime = 1, deny = 1, log = 2, sigterm = 25, jail = 1, process = 2;
        Assert.Equal(SnmpValue.Counter64(536_870_912), _mib.Get("jmJailLimitAmount", 2, memoryuse, deny, jail));
        Assert.Equal(SnmpValue.Counter64(300_000_000), _mib.Get("jmJailLimitUsage", 2, memoryuse, deny, jail));
        Assert.Equal(Text("jail:www:memoryuse:deny=536870912"), _mib.Get("jmJailLimitRule", 2, memoryuse, deny, jail));
        Assert.Equal(SnmpValue.Counter64(5000), _mib.Get("jmJailLimitAmount", 2, pcpu, sigterm, process));
        Assert.Equal(SnmpValue.Counter64(1250), _mib.Get("jmJailLimitUsage", 2, pcpu, sigterm, process));
        Assert.Equal(SnmpValue.Counter64(3_600_000), _mib.Get("jmJailLimitAmount", 2, cputime, log, jail));
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmJailLimitUsage", 2, cputime, log, jail));
        Assert.Equal(3, _mib.Column("jmJailLimitAmount").Count);
    }

    [Fact]
    public void Host_ipc_limits_come_with_the_hosts_usage_where_a_resource_counts_what_they_bound()
    {
        var host = Sample(Host, Usage((Resource.NShm, 12), (Resource.ShmSize, 1_048_576)));
        _mib.Publish(Of(host).WithHostLimits((HostIpcLimit.ShmMni, 4096), (HostIpcLimit.ShmAllBytes, 8_589_934_592), (HostIpcLimit.SemOpm, 500)));

        uint shmmni = 1, shmall = 2, semopm = 7;
        Assert.Equal(Text("kern.ipc.shmmni"), _mib.Get("jmHostIpcName", shmmni));
        Assert.Equal(SnmpValue.Counter64(4096), _mib.Get("jmHostIpcLimitValue", shmmni));
        Assert.Equal(SnmpValue.Counter64(12), _mib.Get("jmHostIpcUsage", shmmni));
        Assert.Equal(SnmpValue.Counter64(8_589_934_592), _mib.Get("jmHostIpcLimitValue", shmall)); // beyond 2^32
        Assert.Equal(SnmpValue.Counter64(1_048_576), _mib.Get("jmHostIpcUsage", shmall));
        Assert.Equal(SnmpValue.Counter64(500), _mib.Get("jmHostIpcLimitValue", semopm));
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmHostIpcUsage", semopm)); // a per-call limit has no usage
        Assert.Equal(3, _mib.Column("jmHostIpcLimitValue").Count);
    }

    [Fact]
    public void Collectors_are_indexed_by_name_and_the_agent_scalars_describe_the_sample()
    {
        var snapshot = Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage())) with
        {
            Collectors = [new("cpu", true, TimeSpan.FromMilliseconds(1.5)), new("network", false, TimeSpan.FromMilliseconds(2), "setns: EPERM")],
            RacctEnabled = true,
            Sequence = 42,
        };
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmAgentLastSampleTime", 0)); // before the first sample
        Assert.Equal(Text("1.2.3"), _mib.Get("jmAgentVersion", 0));

        _mib.Clock.Advance(TimeSpan.FromSeconds(3));
        _mib.Publish(snapshot);

        uint[] cpu = [.. Encoding.ASCII.GetBytes("cpu").Select(b => (uint)b)];
        uint[] network = [.. Encoding.ASCII.GetBytes("network").Select(b => (uint)b)];
        Assert.Equal(SnmpValue.Integer(1), _mib.Get("jmCollectorSuccess", cpu));
        Assert.Equal(SnmpValue.Gauge32(1500), _mib.Get("jmCollectorDuration", cpu));
        Assert.Equal(Text(""), _mib.Get("jmCollectorError", cpu));
        Assert.Equal(SnmpValue.Integer(2), _mib.Get("jmCollectorSuccess", network));
        Assert.Equal(Text("setns: EPERM"), _mib.Get("jmCollectorError", network));

        Assert.Equal(SnmpValue.Gauge32(10_000), _mib.Get("jmAgentSampleInterval", 0));
        Assert.Equal(SnmpValue.TimeTicks(300), _mib.Get("jmAgentLastSampleTime", 0));
        Assert.Equal(SnmpValue.OctetString([0x07, 0xE7, 11, 14, 22, 13, 20, 0, (byte)'+', 0, 0]), _mib.Get("jmAgentLastSampleDateTime", 0)); // 1_700_000_000
        Assert.Equal(SnmpValue.Gauge32(12_000), _mib.Get("jmAgentSampleDuration", 0));
        Assert.Equal(SnmpValue.Counter32(42), _mib.Get("jmAgentSamples", 0));
        Assert.Equal(SnmpValue.Integer(1), _mib.Get("jmAgentRacctEnabled", 0));
        Assert.Equal(SnmpValue.Gauge32(1), _mib.Get("jmJailCount", 0));
    }

    [Fact]
    public void Long_text_is_cut_to_the_syntax_size_at_a_character_boundary()
    {
        string name = new string('x', 254) + "é"; // 256 octets: é is two
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail(name, 7), Usage())));

        var value = _mib.Get("jmJailName", (uint)_mib.IndexOf(name));
        Assert.Equal(254, value.Bytes!.Length);
        Assert.Equal(new string('x', 254), Encoding.UTF8.GetString(value.Bytes));
    }

    [Fact]
    public void Every_instance_has_its_columns_wire_type()
    {
        using var mib = new BindingFixture(alertRules: [new AlertRuleOptions { Name = "mem", Rule = "jail:www:memoryuse:alert=1", Enforce = "jail:$name:pcpu:deny=50" }]);
        var www = Sample(Jail("www", 7) with { StartTime = DateTimeOffset.UnixEpoch }, EveryResource(), Nic("eth0", 1)) with
        {
            Filesystem = Disk(),
            Limits = [new JailLimit(Resource.MemoryUse, "deny", 1)],
            Breaches = [new LimitBreach(Resource.MemoryUse, 3, 1)],
        };
        mib.Publish(Of(Sample(Host, EveryResource()), www).WithHostLimits((HostIpcLimit.ShmMni, 1)) with { RacctEnabled = false });

        var objects = SnmpMibBinding.Objects.ToList();
        foreach (var (oid, value) in mib.View.Entries)
        {
            var owner = Assert.Single(objects, o => oid.StartsWith(o.Oid));
            Assert.Equal(owner.Syntax.WireType, value.Type);
        }
        // And every object has an instance in such a complete sample.
        Assert.All(objects, o => Assert.Contains(mib.View.Entries, e => e.Key.StartsWith(o.Oid)));
    }

    [Fact]
    public void Breach_counts_are_rows_of_jail_and_resource_and_kills_are_absent_where_not_counted()
    {
        var www = Sample(Jail("www", 7), EveryResource()) with
        {
            Breaches = [new LimitBreach(Resource.MemoryUse, 12, 2), new LimitBreach(Resource.MaxProc, 5)],
        };
        _mib.Publish(Of(Sample(Host, EveryResource()), www));
        uint i = (uint)_mib.IndexOf("www");

        Assert.Equal(SnmpValue.Counter64(12), _mib.Get("jmJailBreachCount", i, 6)); // memoryuse(6)
        Assert.Equal(SnmpValue.Counter64(2), _mib.Get("jmJailBreachKills", i, 6));
        Assert.Equal(SnmpValue.Counter64(5), _mib.Get("jmJailBreachCount", i, 8)); // maxproc(8)
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmJailBreachKills", i, 8));
        Assert.Equal([$"{i}.6", $"{i}.8"], _mib.Column("jmJailBreachCount").Keys);
    }

    [Fact]
    public void Active_alerts_are_rows_of_rule_and_jail_until_they_resolve()
    {
        using var mib = new BindingFixture(alertRules:
        [
            new AlertRuleOptions { Name = "procs", Rule = "jail:*:maxproc:alert=10", For = "1h", Severity = "info" },
            new AlertRuleOptions { Name = "mem", Rule = "jail:www:memoryuse:alert=1g", Severity = "critical", Enforce = "jail:$name:pcpu:deny=50" },
        ]);
        var www = Sample(Jail("www", 7), Usage((Resource.MemoryUse, 2L << 30), (Resource.MaxProc, 20)));
        var db = Sample(Jail("db", 8), Usage((Resource.MemoryUse, 1), (Resource.MaxProc, 11)));
        mib.Publish(Of(Sample(Host, EveryResource()), www, db));
        uint w = (uint)mib.IndexOf("www"), d = (uint)mib.IndexOf("db");

        // procs is rule 1 (pending, For 1h), mem is rule 2 (firing at once).
        Assert.Equal([$"1.{w}", $"1.{d}", $"2.{w}"], mib.Column("jmAlertRuleName").Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Text("mem"), mib.Get("jmAlertRuleName", 2, w));
        Assert.Equal(Text("www"), mib.Get("jmAlertJailName", 2, w));
        Assert.Equal(SnmpValue.Integer(6), mib.Get("jmAlertResource", 2, w));  // memoryuse
        Assert.Equal(SnmpValue.Integer(3), mib.Get("jmAlertSeverity", 2, w));  // critical
        Assert.Equal(SnmpValue.Integer(2), mib.Get("jmAlertState", 2, w));     // firing
        Assert.Equal(SnmpValue.Counter64(2UL << 30), mib.Get("jmAlertValue", 2, w));
        Assert.Equal(SnmpValue.Counter64(1UL << 30), mib.Get("jmAlertThreshold", 2, w));
        Assert.Equal(Text("jail:www:pcpu:deny=50"), mib.Get("jmAlertEnforcement", 2, w));
        Assert.Equal(SnmpValue.Integer(1), mib.Get("jmAlertState", 1, d));     // pending
        Assert.Equal(SnmpValue.Integer(1), mib.Get("jmAlertSeverity", 1, d));  // info
        Assert.Equal(Text(""), mib.Get("jmAlertEnforcement", 1, d));
        Assert.Equal(11, mib.Get("jmAlertSince", 2, w).Bytes!.Length); // DateAndTime

        // www's memory falls below 1g (mem resolves), db's processes to 10 (its pending alert ends).
        mib.Publish(Of(Sample(Host, EveryResource()), www with { Usage = Usage((Resource.MemoryUse, 1), (Resource.MaxProc, 20)) },
            db with { Usage = Usage((Resource.MemoryUse, 1), (Resource.MaxProc, 10)) }));

        Assert.Equal([$"1.{w}"], mib.Column("jmAlertRuleName").Keys);
        Assert.Equal(SnmpValue.NoSuchInstance, mib.Get("jmAlertState", 2, w));
    }

    [Fact]
    public void A_view_first_asked_for_later_is_its_samples_view_and_is_built_once()
    {
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage())));
        _mib.Clock.Advance(TimeSpan.FromSeconds(10));
        // Nobody asks for this sample's view; the next one is a restart of www.
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 21), Usage()), Sample(Jail("db", 8), Usage())));
        _mib.Clock.Advance(TimeSpan.FromSeconds(3)); // the request comes 3 s after the sample

        var view = _mib.View;

        Assert.Same(view, _mib.Binding.Current);
        Assert.Equal(SnmpValue.TimeTicks(1000), view.Get(BindingFixture.ObjectOid("jmAgentLastSampleTime").Append(0)));
        Assert.Equal(SnmpValue.TimeTicks(1000), _mib.Get("jmJailDiscontinuityTime", (uint)_mib.IndexOf("www")));
        Assert.Equal(SnmpValue.TimeTicks(1000), _mib.Get("jmJailTableLastChange", 0));
        Assert.Equal(Text("db"), _mib.Get("jmJailName", (uint)_mib.IndexOf("db")));

        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 21), Usage())));
        Assert.NotSame(view, _mib.View);
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmJailName", (uint)_mib.IndexOf("db")));
    }

    [Fact]
    public void A_built_view_is_not_kept_once_the_next_sample_arrives()
    {
        // Issue 8: a view of 1000 jails is megabytes of objects; nobody polling until the next
        // sample must not keep the last one built alive.
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage())));
        var built = BuildAndForget(_mib.Binding);
        Assert.True(built.IsAlive, "the view of the latest sample is kept until the next sample");

        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage())));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(built.IsAlive, "the previous sample's view is still referenced");
        Assert.Equal(Text("www"), _mib.Get("jmJailName", (uint)_mib.IndexOf("www"))); // and the next one is built on request
    }

    // Not inlined, so no local of the caller's frame keeps the view reachable.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference BuildAndForget(SnmpMibBinding binding) => new(binding.Current);

    [Fact]
    public void A_vanished_jail_leaves_no_row_in_any_table()
    {
        var db = Sample(Jail("db", 8), EveryResource(), Nic("eth0", 1)) with
        {
            Filesystem = Disk(),
            Limits = [new JailLimit(Resource.MemoryUse, "deny", 1 << 30)],
        };
        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage()), db));
        uint gone = (uint)_mib.IndexOf("db");
        Assert.Contains(_mib.View.Entries, e => InstanceOf(e.Key, gone));

        _mib.Publish(Of(Sample(Host, Usage()), Sample(Jail("www", 7), Usage())));

        Assert.DoesNotContain(_mib.View.Entries, e => InstanceOf(e.Key, gone));
        Assert.Equal(SnmpValue.NoSuchInstance, _mib.Get("jmJailName", gone));
        Assert.Equal(Text("www"), _mib.Get("jmJailName", 2));
    }

    /// <summary>Whether an OID is an instance in one of the jail-indexed tables with jail index <paramref name="index"/>.</summary>
    private static bool InstanceOf(Oid oid, uint index) =>
        new[] { JailMetricsMib.JailEntry, JailMetricsMib.JailIfEntry, JailMetricsMib.JailLimitEntry }
            .Any(entry => oid.StartsWith(entry) && oid.Length > entry.Length + 1 && oid[entry.Length + 1] == index);
}
