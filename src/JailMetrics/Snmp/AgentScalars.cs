using JailMetrics.Model;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>What the scalars are read from: the sample being served and the binding's own bookkeeping.</summary>
/// <param name="LastSampleTime">sysUpTime when the sample was published; null before the first sample.</param>
public sealed record AgentState(Snapshot Snapshot, string Version, TimeSpan SampleInterval, uint? LastSampleTime, uint JailTableLastChange)
{
    public bool HasSample => LastSampleTime is not null;
}

/// <summary>The scalars: jmAgent (the service and its sampler) and jmJails' jmJailCount and jmJailTableLastChange.</summary>
public static class AgentScalars
{
    public static MibScalars<AgentState> Agent { get; } = new(JailMetricsMib.Agent,
    [
        new(1, "jmAgentVersion", MibSyntax.SnmpAdminString, s => MibValues.Text(s.Version, MibSyntax.SnmpAdminString)),
        new(2, "jmAgentSampleInterval", MibSyntax.Unsigned32,
            s => SnmpValue.Gauge32Clamped(s.SampleInterval.TotalMilliseconds), "milliseconds"),
        new(3, "jmAgentLastSampleTime", MibSyntax.TimeStamp, s => s.LastSampleTime is uint t ? MibValues.TimeStamp(t) : null),
        new(4, "jmAgentLastSampleDateTime", MibSyntax.DateAndTime, s => s.HasSample ? MibValues.DateAndTime(s.Snapshot.Timestamp) : null),
        new(5, "jmAgentSampleDuration", MibSyntax.Gauge32,
            s => s.HasSample ? SnmpValue.Gauge32Clamped(s.Snapshot.Duration.TotalMicroseconds) : null, "microseconds"),
        // Counter32 wraps by definition (RFC 2578 §7.1.6), hence the unchecked truncation.
        new(6, "jmAgentSamples", MibSyntax.Counter32, s => SnmpValue.Counter32(unchecked((uint)s.Snapshot.Sequence))),
        new(7, "jmAgentRacctEnabled", MibSyntax.TruthValue, s => s.Snapshot.RacctEnabled is bool on ? MibValues.TruthValue(on) : null),
    ]);

    public static MibScalars<AgentState> Jails { get; } = new(JailMetricsMib.Jails,
    [
        new(1, "jmJailCount", MibSyntax.Gauge32, s => s.HasSample ? SnmpValue.Gauge32((uint)s.Snapshot.JailsWithoutHost.Count()) : null),
        new(2, "jmJailTableLastChange", MibSyntax.TimeStamp, s => MibValues.TimeStamp(s.JailTableLastChange)),
    ]);
}
