using JailMetrics.Alerts;
using JailMetrics.Model;
using JailMetrics.Sampling;
using JailMetrics.Service.Prometheus;
using JailMetrics.Service.Snmp;
using JailMetrics.Snmp.Mib;
using JailMetrics.State;
using Microsoft.Extensions.Options;

namespace JailMetrics.Tests.Snmp;

/// <summary>A clock the test moves by hand, for sysUpTime-based TimeStamps.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}

/// <summary>
/// The binding as the service wires it: the jail index registry (in a temporary state directory)
/// sees each sample first, then the binding. Lookups by MIB column name and index.
/// </summary>
public sealed class BindingFixture : IDisposable
{
    private readonly bool _ownsDirectory;

    /// <param name="alertRules">Rules for an alert evaluator that runs before the binding, as in the service; none: no evaluator.</param>
    public BindingFixture(string? stateDirectory = null, IReadOnlyList<AlertRuleOptions>? alertRules = null)
    {
        _ownsDirectory = stateDirectory is null;
        StateDirectory = stateDirectory ?? Directory.CreateTempSubdirectory("jailmetrics-snmp-").FullName;
        Registry = new JailIndexRegistry(StateDirectory);
        if (alertRules is not null)
        {
            var rules = AlertRuleParser.Parse(alertRules);
            Assert.True(rules.IsValid, rules.Describe());
            Alerts = new AlertEvaluator(rules.Rules, [], StateDirectory);
        }
        Binding = new SnmpMibBinding(Registry, new AgentUptime(Clock),
            Options.Create(new SamplerOptions { Interval = TimeSpan.FromSeconds(10) }), new BuildInfo("1.2.3", "abc", "runtime", "platform"),
            Alerts is { } alerts ? () => alerts.Active : null);
    }

    public AlertEvaluator? Alerts { get; }

    public string StateDirectory { get; }

    public ManualClock Clock { get; } = new();

    public JailIndexRegistry Registry { get; }

    public SnmpMibBinding Binding { get; }

    public MibView View => Binding.Current;

    public void Publish(Snapshot snapshot)
    {
        Registry.OnSnapshot(snapshot);
        Alerts?.OnSnapshot(snapshot);
        Binding.OnSnapshot(snapshot);
    }

    /// <summary>The OID of a readable object by its MIB name.</summary>
    public static Oid ObjectOid(string name) => SnmpMibBinding.Objects.Single(o => o.Name == name).Oid;

    /// <summary>Get of <paramref name="name"/>.<paramref name="index"/>: a value, or noSuchInstance/noSuchObject.</summary>
    public SnmpValue Get(string name, params uint[] index) => View.Get(ObjectOid(name).Append(index));

    /// <summary>The instances of one column, index → value.</summary>
    public Dictionary<string, SnmpValue> Column(string name)
    {
        var column = ObjectOid(name);
        return View.Entries.Where(e => e.Key.StartsWith(column))
            .ToDictionary(e => new Oid(e.Key.Arcs[column.Length..]).ToString(), e => e.Value);
    }

    public int IndexOf(string jail) => Registry.TryGetIndex(jail, out int index) ? index : throw new KeyNotFoundException(jail);

    public void Dispose()
    {
        if (_ownsDirectory) Directory.Delete(StateDirectory, recursive: true);
    }
}
