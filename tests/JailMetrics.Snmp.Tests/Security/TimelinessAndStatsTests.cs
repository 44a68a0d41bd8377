using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public class TimelinessAndStatsTests
{
    private static readonly EngineClock Own = new(Boots: 5, Time: 1000);

    [Theory]
    [InlineData(5, 1000, TimelinessVerdict.InTimeWindow)]
    [InlineData(5, 850, TimelinessVerdict.InTimeWindow)]    // exactly 150 s behind
    [InlineData(5, 1150, TimelinessVerdict.InTimeWindow)]   // exactly 150 s ahead
    [InlineData(5, 849, TimelinessVerdict.EngineTimeOutsideWindow)]
    [InlineData(5, 1151, TimelinessVerdict.EngineTimeOutsideWindow)]
    [InlineData(5, 0, TimelinessVerdict.EngineTimeOutsideWindow)] // reference vector F: 1000 s stale
    [InlineData(4, 1000, TimelinessVerdict.EngineBootsDiffer)]
    [InlineData(6, 1000, TimelinessVerdict.EngineBootsDiffer)]
    [InlineData(0, 0, TimelinessVerdict.EngineBootsDiffer)]
    public void Rfc_3414_step_7_window(long boots, long time, TimelinessVerdict verdict) =>
        Assert.Equal(verdict, TimelinessCheck.Check(Own, boots, time));

    [Fact]
    public void A_latched_engine_accepts_nothing_not_even_matching_values() =>
        Assert.Equal(TimelinessVerdict.EngineBootsLatched,
            TimelinessCheck.Check(new EngineClock(int.MaxValue, 10), int.MaxValue, 10));

    [Theory]
    [InlineData(UsmStatsCounter.UnsupportedSecLevels, "1.3.6.1.6.3.15.1.1.1.0")]
    [InlineData(UsmStatsCounter.NotInTimeWindows, "1.3.6.1.6.3.15.1.1.2.0")]
    [InlineData(UsmStatsCounter.UnknownUserNames, "1.3.6.1.6.3.15.1.1.3.0")]
    [InlineData(UsmStatsCounter.UnknownEngineIds, "1.3.6.1.6.3.15.1.1.4.0")]
    [InlineData(UsmStatsCounter.WrongDigests, "1.3.6.1.6.3.15.1.1.5.0")]
    [InlineData(UsmStatsCounter.DecryptionErrors, "1.3.6.1.6.3.15.1.1.6.0")]
    public void Each_counter_has_its_oid_and_reports_its_new_value(UsmStatsCounter counter, string instance)
    {
        var stats = new UsmStats();
        Assert.Equal(Oid.Parse(instance), UsmStats.InstanceOf(counter));
        Assert.Equal(Oid.Parse(instance[..^2]), UsmStats.ObjectOf(counter));

        stats.Increment(counter);
        var (oid, value) = stats.IncrementForReport(counter);

        Assert.Equal(Oid.Parse(instance), oid);
        Assert.Equal(SnmpValue.Counter32(2), value);
        Assert.Equal(2u, stats.Get(counter));
        Assert.Equal(2, stats.Snapshot().Sum(entry => entry.Value.Number)); // the others stay 0
    }

    [Fact]
    public void Snapshot_lists_all_six_in_oid_order()
    {
        var stats = new UsmStats();
        var instances = stats.Snapshot().Select(entry => entry.Instance).ToList();
        Assert.Equal(6, instances.Count);
        Assert.Equal(instances.Order().ToList(), instances);
        Assert.All(stats.Snapshot(), entry => Assert.Equal(SnmpType.Counter32, entry.Value.Type));
    }

    [Fact]
    public void Counters_are_thread_safe()
    {
        var stats = new UsmStats();
        Parallel.For(0, 10_000, _ => stats.Increment(UsmStatsCounter.WrongDigests));
        Assert.Equal(10_000u, stats.Get(UsmStatsCounter.WrongDigests));
    }

    [Theory]
    [InlineData((byte)0x00, true, SecurityLevel.NoAuthNoPriv)]
    [InlineData((byte)0x01, true, SecurityLevel.AuthNoPriv)]
    [InlineData((byte)0x03, true, SecurityLevel.AuthPriv)]
    [InlineData((byte)0x07, true, SecurityLevel.AuthPriv)] // reportable bit is not a level
    [InlineData((byte)0x02, false, SecurityLevel.AuthPriv)] // priv without auth: snmpInvalidMsgs
    public void Levels_from_msg_flags(byte flags, bool valid, SecurityLevel level)
    {
        Assert.Equal(valid, SecurityLevels.TryFromMsgFlags(flags, out var parsed));
        if (valid) Assert.Equal(level, parsed);
    }
}
