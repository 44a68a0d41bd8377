using JailMetrics.Alerts;
using JailMetrics.Model;
using JailMetrics.Sampling;
using JailMetrics.Service.Prometheus;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.State;
using JailMetrics.Store;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// The SNMP view of the samples: turns each sample into a whole new JAILMETRICS-MIB
/// <see cref="MibView"/> and swaps it in, so the agent answers every request from one sample.
/// Before the first sample the view holds the agent scalars only.
/// </summary>
/// <remarks>
/// The view is built when it is first asked for after a sample, not when the sample arrives: at
/// 1000 jails a view holds ~60 000 instances and building it was a quarter of the service's CPU per
/// cycle (issue 8), spent even when nothing polls SNMP. What must be observed per sample (incarnations,
/// interface indexes, the alerts of this sample) is still taken in <see cref="OnSnapshot"/>, so the
/// view is exactly the one an eager build would have made; only the first request after a sample
/// pays for the build, later requests and walks reuse it.
/// </remarks>
public sealed class SnmpMibBinding : ISnapshotConsumer, IMibViewProvider
{
    private readonly JailIndexRegistry _indexes;
    private readonly AgentUptime _uptime;
    private readonly string _version;
    private readonly TimeSpan _sampleInterval;
    private readonly JailIncarnations _incarnations = new();
    private readonly JailInterfaceIndexes _interfaces = new();
    private readonly Func<IReadOnlyList<ActiveAlert>> _activeAlerts;
    private readonly Lock _buildLock = new();
    private volatile MibView? _current;
    private PendingView? _pending; // the latest sample's rows, until a request builds its view; guarded by _buildLock
    private readonly MibView _beforeFirstSample;
    private bool _sampled;

    /// <param name="activeAlerts">
    /// Reads the evaluator's active alerts, which fill jmAlertTable; none: the table is empty. A function
    /// rather than the evaluator itself because the evaluator's sinks send SNMP notifications, which
    /// (as an AgentX sub-agent) go through the master session that serves this binding: taking the
    /// evaluator here would make the services a cycle.
    /// </param>
    public SnmpMibBinding(JailIndexRegistry indexes, AgentUptime uptime, IOptions<SamplerOptions> sampler, BuildInfo build,
        Func<IReadOnlyList<ActiveAlert>>? activeAlerts = null)
    {
        _activeAlerts = activeAlerts ?? (() => []);
        _indexes = indexes;
        _uptime = uptime;
        _version = build.Version;
        _sampleInterval = sampler.Value.Interval;
        _current = _beforeFirstSample = Build(new PendingView(Snapshot.Empty, [], [], LastSampleTime: null, _incarnations.TableLastChange, []));
    }

    /// <summary>Every readable object the binding serves, for checking against the MIB.</summary>
    public static IEnumerable<MibObject> Objects =>
        AgentScalars.Agent.Objects
            .Concat(AgentScalars.Jails.Objects)
            .Concat(JailTable.Table.Objects)
            .Concat(JailInterfaceTable.Table.Objects)
            .Concat(JailLimitTable.Table.Objects)
            .Concat(JailBreachTable.Table.Objects)
            .Concat(HostIpcTable.Table.Objects)
            .Concat(CollectorTable.Table.Objects)
            .Concat(AlertTable.Table.Objects);

    /// <summary>The latest sample's view, built on the first call after the sample (see the remarks).</summary>
    public MibView Current => _current ?? BuildPending();

    private MibView BuildPending()
    {
        lock (_buildLock)
        {
            if (_current is { } built) return built;
            var pending = _pending!;
            _pending = null;
            // A view that cannot be built (a column bug) is not retried per request: until the next sample
            // the agent answers from its own scalars, as before the first sample. The previous sample's view
            // is not kept for this (see OnSnapshot).
            try
            {
                return _current = Build(pending);
            }
            catch
            {
                _current = _beforeFirstSample;
                throw;
            }
        }
    }

    public void OnSnapshot(Snapshot current)
    {
        uint now = _uptime.Now;
        // What the first sample shows was already there when the agent started: TimeStamp 0 (RFC 2579).
        uint discontinuity = _sampled ? now : 0;
        _incarnations.Observe(current, discontinuity, now);

        var jails = new List<JailRow>(current.Jails.Length);
        var interfaces = new List<JailInterfaceRow>();
        _interfaces.BeginSample();
        foreach (var jail in current.Jails)
        {
            int index = _indexes.IndexOf(jail.Name);
            jails.Add(new JailRow(index, jail, ParentIndexOf(jail.Info), _incarnations.DiscontinuityTime(jail.Name)));
            foreach (var (counters, ifIndex, since) in _interfaces.Observe(jail, discontinuity))
                interfaces.Add(new JailInterfaceRow(index, ifIndex, counters, since));
        }
        _interfaces.EndSample();

        var pending = new PendingView(current, jails, interfaces, now, _incarnations.TableLastChange, [.. AlertRows()]);
        lock (_buildLock)
        {
            _pending = pending;
            // The previous sample's view goes now, not when the next request replaces it: at 1000 jails a
            // view is some 10 MB of objects (issue 8), which an agent nobody polls between samples would
            // otherwise hold for good.
            _current = null;
        }
        _sampled = true;
    }

    /// <summary>Everything a view is built from, taken when its sample arrived.</summary>
    private sealed record PendingView(Snapshot Snapshot, List<JailRow> Jails, List<JailInterfaceRow> Interfaces, uint? LastSampleTime,
        uint TableLastChange, AlertRow[] Alerts);

    private MibView Build(PendingView pending)
    {
        var (snapshot, jails, interfaces, lastSampleTime, tableLastChange, alerts) = pending;
        var view = new MibViewBuilder();
        var state = new AgentState(snapshot, _version, _sampleInterval, lastSampleTime, tableLastChange);
        AgentScalars.Agent.AddTo(view, state);
        AgentScalars.Jails.AddTo(view, state);
        JailTable.Table.AddTo(view, jails);
        JailInterfaceTable.Table.AddTo(view, interfaces);
        JailLimitTable.Table.AddTo(view, jails.SelectMany(j =>
            j.Sample.Limits.Select(limit => new JailLimitRow(j.Index, j.Sample.Name, limit, j.Sample.Usage))));
        JailBreachTable.Table.AddTo(view, jails.SelectMany(j => j.Sample.Breaches.Select(breach => new JailBreachRow(j.Index, breach))));
        HostIpcTable.Table.AddTo(view, HostIpcTable.RowsOf(snapshot));
        CollectorTable.Table.AddTo(view, snapshot.Collectors);
        AlertTable.Table.AddTo(view, alerts);
        return view.Build();
    }

    /// <summary>
    /// The evaluator's active alerts (it runs before this binding in each sample, so they are this
    /// sample's). An alert whose jail has no index (gone before it ever was indexed) has no row.
    /// </summary>
    private IEnumerable<AlertRow> AlertRows()
    {
        foreach (var alert in _activeAlerts())
            if (_indexes.TryGetIndex(alert.Jail, out int index)) yield return new AlertRow(index, alert);
    }

    /// <summary>The host has parent 0; a top-level jail the host's index; a nested jail its parent's, if the parent has one.</summary>
    private int? ParentIndexOf(JailInfo jail)
    {
        if (jail.IsHost) return 0;
        string parent = jail.ParentName ?? JailInfo.HostName;
        return _indexes.TryGetIndex(parent, out int index) ? index : null;
    }
}
