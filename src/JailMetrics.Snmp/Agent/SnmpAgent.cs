using System.Net;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol.V3;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// The standalone SNMP agent: v1, v2c and v3 (USM) over UDP (IPv4 and IPv6), read-only, answering
/// from its own objects (SNMPv2-MIB system and snmp groups; with v3 also snmpEngine, snmpMPDStats and
/// usmStats) merged with the provider's current view, each community and user seeing only its view.
/// The SNMPv3 engine is the one the host registers (shared with notification senders), else one
/// started from <see cref="SnmpAgentOptions.StateDirectory"/>, else v3 is off. Sockets are bound in
/// <see cref="StartAsync"/>, so a bad address or configuration fails startup; one receive loop runs
/// per socket until the host stops.
/// </summary>
public sealed class SnmpAgent : BackgroundService, IDisposable
{
    private readonly SnmpAgentOptions _options;
    private readonly IMibViewProvider _view;
    private readonly ILogger<SnmpAgent> _logger;
    private readonly TimeProvider _time;
    private readonly SnmpEngine? _givenEngine;
    private readonly List<UdpResponder> _responders = [];
    private SnmpMessageDispatcher? _dispatcher;
    private LiveScalars? _agentObjects;
    private long _startedAt;

    public SnmpAgent(IOptions<SnmpAgentOptions> options, IMibViewProvider view, ILogger<SnmpAgent> logger, TimeProvider? time = null,
        SnmpEngine? engine = null)
    {
        _givenEngine = engine;
        _options = options.Value;
        _view = view;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The sockets' actual addresses (with the real port when 0 was configured); empty before start or when disabled.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndpoints { get; private set; } = [];

    public SnmpAgentCounters Counters { get; } = new();

    /// <summary>The SNMPv3 engine in use once started (null when v3 is off).</summary>
    public SnmpEngine? Engine { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogInformation("SNMP agent disabled (Snmp:Enabled = false)");
            return;
        }

        _startedAt = _time.GetTimestamp(); // sysUpTime counts from here (RFC 3418 sysUpTime)
        Engine = _givenEngine ?? (string.IsNullOrWhiteSpace(_options.StateDirectory)
            ? null
            : SnmpEngine.Start(_options.StateDirectory, _time, _logger)); // increments and saves snmpEngineBoots (RFC 3414 §2.2.2)
        var v3Objects = Engine is null ? [] : V3AgentObjects.Engine(Engine, _options.MaxMessageSize);
        _agentObjects = AgentObjects.Create(_options, Counters, UpTimeHundredths, V3AgentObjects.Counters(Counters).Concat(v3Objects));
        _dispatcher = new SnmpMessageDispatcher(_options, Counters, CurrentReader, Engine);

        var endpoints = _options.ListenAddresses.Select(ListenAddress.Parse).ToList();
        try
        {
            foreach (var endpoint in endpoints)
            {
                try
                {
                    _responders.Add(UdpResponder.Bind(endpoint));
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or UnauthorizedAccessException)
                {
                    throw new InvalidOperationException($"SNMP agent cannot listen on {endpoint}: {e.Message}", e);
                }
            }
        }
        catch
        {
            CloseSockets();
            throw;
        }
        BoundEndpoints = _responders.Select(responder => responder.LocalEndPoint).ToArray();
        _logger.LogInformation("SNMP agent ({Versions}) listening on {Endpoints}",
            _dispatcher.ServesV3 ? "v1, v2c, v3" : "v1, v2c", string.Join(", ", BoundEndpoints));
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dispatcher = _dispatcher!;
        var loops = new Task[_responders.Count];
        for (int i = 0; i < loops.Length; i++)
        {
            var responder = _responders[i];
            loops[i] = Task.Run(() => responder.RunAsync(dispatcher, Counters, _logger, stoppingToken), stoppingToken);
        }
        return Task.WhenAll(loops);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CloseSockets();
        }
    }

    public override void Dispose()
    {
        CloseSockets();
        base.Dispose();
    }

    /// <summary>sysUpTime in hundredths of a second, wrapping at 2³² as TimeTicks do (RFC 2578 §7.1.8).</summary>
    private uint UpTimeHundredths()
    {
        TimeSpan elapsed = _time.GetElapsedTime(_startedAt);
        return unchecked((uint)(elapsed.Ticks / (TimeSpan.TicksPerMillisecond * 10)));
    }

    /// <summary>
    /// The agent's objects layered over the provider's current view. Made per request (one small object)
    /// rather than cached: a cached pair kept the view it was made for alive until the next request, and
    /// a view of 1000 jails is some 10 MB that the provider drops when the next sample arrives (issue 8).
    /// </summary>
    private LayeredMibReader CurrentReader() => new(_agentObjects!, _view.Current);

    private void CloseSockets()
    {
        foreach (var responder in _responders) responder.Dispose();
        _responders.Clear();
    }
}
