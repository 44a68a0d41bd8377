using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.AgentX.Protocol;
using JailMetrics.Snmp.Mib;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Snmp.AgentX;

/// <summary>
/// The AgentX sub-agent (RFC 2741): keeps a session with the master open — connect, Open, Register
/// the configured subtrees — and answers the master's Get/GetNext/GetBulk from the same
/// <see cref="IMibViewProvider"/> as the standalone agent. When the session ends (master restarted,
/// Ping unanswered, malformed PDU) it reconnects with exponential backoff, for as long as the host runs.
/// Does nothing unless <see cref="AgentXOptions.Enabled"/>.
/// </summary>
public sealed class AgentXSubagent : BackgroundService
{
    /// <summary>sysUpTime.0 (RFC 3418): optionally the first VarBind of a Notify.</summary>
    public static readonly Oid SysUpTimeInstance = Oid.Parse("1.3.6.1.2.1.1.3.0");

    /// <summary>snmpTrapOID.0 (RFC 3418): names the notification; first VarBind of a Notify, or second after sysUpTime.0.</summary>
    public static readonly Oid SnmpTrapOidInstance = Oid.Parse("1.3.6.1.6.3.1.1.4.1.0");

    private readonly AgentXOptions _options;
    private readonly IMibViewProvider _views;
    private readonly ILogger<AgentXSubagent> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _stateGate = new();
    private TaskCompletionSource _registered = NewSignal();
    private AgentXState _state = AgentXState.Disconnected;
    private volatile AgentXSession? _session;

    public AgentXSubagent(IOptions<AgentXOptions> options, IMibViewProvider views, ILogger<AgentXSubagent> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _views = views ?? throw new ArgumentNullException(nameof(views));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = timeProvider ?? TimeProvider.System;
    }

    public AgentXState State
    {
        get
        {
            lock (_stateGate) return _state;
        }
    }

    /// <summary>Completes when every subtree is registered with a master (at once if it already is).</summary>
    public Task WaitForRegisteredAsync(CancellationToken cancellationToken)
    {
        lock (_stateGate) return _registered.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Sends a notification through the master (RFC 2741 §6.2.10), which adds what it needs and sends
    /// it to its trap sinks. The caller supplies the whole VarBindList: <c>snmpTrapOID.0</c> first, or
    /// <c>sysUpTime.0</c> then <c>snmpTrapOID.0</c>, then the notification's objects.
    /// </summary>
    /// <exception cref="ArgumentException">the VarBinds do not start as §6.2.10 requires.</exception>
    /// <exception cref="InvalidOperationException">no session is registered with a master right now.</exception>
    /// <exception cref="AgentXRequestFailedException">the master refused the Notify.</exception>
    /// <exception cref="TimeoutException">the master did not answer within <see cref="AgentXOptions.Timeout"/>.</exception>
    public async ValueTask NotifyAsync(IReadOnlyList<(Oid Name, SnmpValue Value)> varbinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(varbinds);
        CheckNotificationHeader(varbinds);
        AgentXSession session = (State == AgentXState.Registered ? _session : null)
            ?? throw new InvalidOperationException("the AgentX sub-agent is not registered with a master; the notification was not sent");
        var list = varbinds.Select(v => new AgentXVarBind(v.Name, v.Value)).ToList();
        await session.NotifyAsync(list, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogDebug("AgentX sub-agent disabled ({Section}:{Enabled} is false)", AgentXOptions.Section, nameof(AgentXOptions.Enabled));
            return;
        }

        var settings = AgentXSessionSettings.From(_options); // a bad configuration stops the host, loudly
        var backoff = new ReconnectBackoff(_options.ReconnectMin, _options.ReconnectMax);
        while (true)
        {
            SetState(AgentXState.Connecting);
            string why;
            try
            {
                await RunOneSessionAsync(settings, backoff, stoppingToken).ConfigureAwait(false);
                why = "the session ended";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                why = e.Message;
            }
            finally
            {
                _session = null;
                SetState(AgentXState.Disconnected);
            }

            TimeSpan wait = backoff.Next();
            _logger.LogWarning("AgentX master {Master}: {Reason}; reconnecting in {Wait}", settings.Master, why, wait);
            try
            {
                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunOneSessionAsync(AgentXSessionSettings settings, ReconnectBackoff backoff, CancellationToken stoppingToken)
    {
        AgentXConnection connection;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            connectTimeout.CancelAfter(settings.Timeout);
            try
            {
                connection = await AgentXConnection.ConnectAsync(settings.Master, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                throw new TimeoutException($"could not connect within {settings.Timeout}");
            }
        }

        var session = new AgentXSession(connection, settings, _views, _logger, _time);
        _session = session;
        await session.RunAsync(() =>
        {
            backoff.Reset();
            SetState(AgentXState.Registered);
            _logger.LogInformation("AgentX sub-agent registered {Subtrees} with {Master} (session {SessionId})",
                string.Join(", ", settings.Subtrees), settings.Master, session.SessionId);
        }, stoppingToken).ConfigureAwait(false);
    }

    private void SetState(AgentXState state)
    {
        lock (_stateGate)
        {
            if (_state == state) return;
            _state = state;
            if (state == AgentXState.Registered) _registered.TrySetResult();
            else if (_registered.Task.IsCompleted) _registered = NewSignal();
        }
    }

    // RFC 2741 §6.2.10: sysUpTime.0 may come first; snmpTrapOID.0 must come first or right after it.
    private static void CheckNotificationHeader(IReadOnlyList<(Oid Name, SnmpValue Value)> varbinds)
    {
        int trapOidAt = varbinds.Count > 0 && varbinds[0].Name == SysUpTimeInstance ? 1 : 0;
        if (trapOidAt == 1 && varbinds[0].Value.Type != SnmpType.TimeTicks)
            throw new ArgumentException("sysUpTime.0 must be TimeTicks", nameof(varbinds));
        if (varbinds.Count <= trapOidAt || varbinds[trapOidAt].Name != SnmpTrapOidInstance)
            throw new ArgumentException("a Notify starts with snmpTrapOID.0, optionally preceded by sysUpTime.0 (RFC 2741 §6.2.10)", nameof(varbinds));
        if (varbinds[trapOidAt].Value.Type != SnmpType.ObjectIdentifier)
            throw new ArgumentException("snmpTrapOID.0 must be an OBJECT IDENTIFIER", nameof(varbinds));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
