using System.Collections.Concurrent;
using System.Text;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.AgentX.Protocol;
using JailMetrics.Snmp.Mib;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Snmp.AgentX;

/// <summary>
/// One AgentX session over one connection, from Open to its end (RFC 2741 §7.1): opens, registers
/// every subtree, then answers the master's requests from the current view while pinging it. It ends
/// — <see cref="RunAsync"/> throws the reason — when the master closes or vanishes, a Ping goes
/// unanswered, or the master sends something malformed; the caller then reconnects with a new session.
/// </summary>
internal sealed class AgentXSession
{
    /// <summary>How long a goodbye (Close) may take: the connection is going away either way.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);

    private readonly AgentXConnection _connection;
    private readonly AgentXSessionSettings _settings;
    private readonly IMibViewProvider _views;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<AgentXResponsePdu>> _pending = new();
    private readonly CancellationTokenSource _lifetime = new();
    private int _lastPacketId;
    private volatile Exception? _endReason;

    public AgentXSession(AgentXConnection connection, AgentXSessionSettings settings, IMibViewProvider views, ILogger logger, TimeProvider time)
    {
        _connection = connection;
        _settings = settings;
        _views = views;
        _logger = logger;
        _time = time;
    }

    /// <summary>h.sessionID, assigned by the master in its Response to our Open (§7.1.1).</summary>
    public uint SessionId { get; private set; }

    /// <summary>
    /// Opens, registers, calls <paramref name="onRegistered"/>, then serves until the session ends.
    /// Returns only when <paramref name="stoppingToken"/> fires (after a Close with reason shutdown);
    /// otherwise throws why the session ended.
    /// </summary>
    public async Task RunAsync(Action onRegistered, CancellationToken stoppingToken)
    {
        using var stopping = stoppingToken.Register(() => _lifetime.Cancel());
        Task receiving = ReceiveUntilEndAsync();
        bool opened = false;
        AgentXCloseReason? goodbye = null; // why we end a session the master still holds open
        try
        {
            await OpenAsync().ConfigureAwait(false);
            opened = true;
            foreach (var subtree in _settings.Subtrees) await RegisterAsync(subtree).ConfigureAwait(false);
            onRegistered();
            await PingUntilFailureAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            goodbye = AgentXCloseReason.Shutdown;
            throw;
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The receive loop ended the session; its reason is rethrown below.
        }
        catch (TimeoutException)
        {
            goodbye = AgentXCloseReason.Timeouts; // §6.2.2: the master stopped answering
            throw;
        }
        catch (AgentXRequestFailedException)
        {
            goodbye = AgentXCloseReason.Other; // e.g. a refused Register: the session has no purpose
            throw;
        }
        finally
        {
            // §7.1.9: end a session with Close, unless the master already ended it (it closed, vanished,
            // or sent garbage, for which the receive loop has said its own Close).
            if (opened && goodbye is { } reason && !MasterEndedSession) await TryCloseAsync(reason).ConfigureAwait(false);
            _lifetime.Cancel();
            await _connection.DisposeAsync().ConfigureAwait(false);
            await receiving.ConfigureAwait(false); // never throws: it records its reason instead
            // _lifetime is not disposed: the stopping registration may still fire into it until this method returns.
        }

        throw _endReason ?? new EndOfStreamException("the AgentX session ended");
    }

    /// <summary>The receive loop ended for a reason of the master's, not because we cancelled it.</summary>
    private bool MasterEndedSession => _endReason is not null and not OperationCanceledException;

    /// <summary>Sends a Notify (§6.2.10) and waits for the master's Response.</summary>
    /// <exception cref="AgentXRequestFailedException">the master refused it.</exception>
    /// <exception cref="TimeoutException">no Response within the timeout.</exception>
    public async Task NotifyAsync(IReadOnlyList<AgentXVarBind> varBinds, CancellationToken cancellationToken)
    {
        var response = await RequestAsync(new AgentXNotifyPdu(varBinds), cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(AgentXPduType.Notify, response);
    }

    // §7.1.1: the master assigns our session id in its Response to Open.
    private async Task OpenAsync()
    {
        Oid id = _settings.Subtrees[0];
        var open = new AgentXOpenPdu(_settings.TimeoutSeconds, id, Encoding.UTF8.GetBytes(_settings.Description));
        var response = await RequestAsync(open, _lifetime.Token).ConfigureAwait(false);
        ThrowIfRefused(AgentXPduType.Open, response);
        SessionId = response.SessionId;
        _logger.LogDebug("AgentX session {SessionId} opened with {Master}", SessionId, _settings.Master);
    }

    // §7.1.5: r.timeout 0 means "the session's timeout from Open"; the default priority 127.
    private async Task RegisterAsync(Oid subtree)
    {
        var response = await RequestAsync(new AgentXRegisterPdu(subtree), _lifetime.Token).ConfigureAwait(false);
        ThrowIfRefused(AgentXPduType.Register, response);
        _logger.LogDebug("AgentX session {SessionId} registered {Subtree}", SessionId, subtree);
    }

    // §6.2.11, §7.1.10: a master that no longer answers Pings is gone even if the socket still looks open.
    private async Task PingUntilFailureAsync()
    {
        while (true)
        {
            await Task.Delay(_settings.PingInterval, _time, _lifetime.Token).ConfigureAwait(false);
            var response = await RequestAsync(new AgentXPingPdu(), _lifetime.Token).ConfigureAwait(false);
            ThrowIfRefused(AgentXPduType.Ping, response);
        }
    }

    private async Task<AgentXResponsePdu> RequestAsync(AgentXPdu request, CancellationToken cancellationToken)
    {
        uint packetId = unchecked((uint)Interlocked.Increment(ref _lastPacketId));
        var answer = new TaskCompletionSource<AgentXResponsePdu>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[packetId] = answer;
        try
        {
            // Checked after registering, so a receive loop that ends now either sees our entry or we see its reason.
            if (_endReason is { } ended) throw new IOException("the AgentX session has ended", ended);
            // §6.1: transactionID belongs to master-initiated transactions; our own requests send 0.
            await _connection.SendAsync(request with { SessionId = SessionId, TransactionId = 0, PacketId = packetId }, cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(_settings.Timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the AgentX master did not answer our {request.Type} within {_settings.Timeout}");
        }
        finally
        {
            _pending.TryRemove(packetId, out _);
        }
    }

    /// <summary>Reads and handles PDUs until the connection ends, then records why and ends the session.</summary>
    private async Task ReceiveUntilEndAsync()
    {
        Exception reason;
        try
        {
            while (true)
            {
                var pdu = await _connection.ReceiveAsync(_lifetime.Token).ConfigureAwait(false);
                await HandleAsync(pdu).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (_lifetime.IsCancellationRequested)
        {
            reason = e;
        }
        catch (AgentXFormatException e)
        {
            reason = e;
            await TryCloseAsync(AgentXCloseReason.ParseError).ConfigureAwait(false);
        }
        catch (AgentXProtocolException e)
        {
            reason = e;
            await TryCloseAsync(AgentXCloseReason.ProtocolError).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            reason = e; // EOF, reset, master's Close: the connection is gone
        }

        _endReason = reason;
        foreach (var pending in _pending.Values) pending.TrySetException(reason);
        await _lifetime.CancelAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(AgentXPdu pdu)
    {
        switch (pdu)
        {
            case AgentXResponsePdu response:
                if (_pending.TryGetValue(response.PacketId, out var waiting)) waiting.TrySetResult(response);
                else _logger.LogDebug("AgentX Response for packet {PacketId}, which we are not waiting for (late or duplicate); ignored", response.PacketId);
                break;
            case AgentXClosePdu close:
                throw new AgentXMasterClosedException(close.Reason);
            case AgentXGetPdu or AgentXGetNextPdu or AgentXGetBulkPdu or AgentXTestSetPdu or AgentXCommitSetPdu or AgentXUndoSetPdu or AgentXCleanupSetPdu:
                var answer = Answer(pdu);
                if (answer is not null) await _connection.SendAsync(answer, _lifetime.Token).ConfigureAwait(false);
                break;
            default:
                throw new AgentXProtocolException($"the master sent a {pdu.Type} PDU, which only sub-agents send");
        }
    }

    private AgentXResponsePdu? Answer(AgentXPdu request)
    {
        // §7.2.2: a request for a session other than ours is answered notOpen.
        if (request.SessionId != SessionId)
            return new AgentXResponsePdu(0, AgentXErrorStatus.NotOpen, 0, []) { SessionId = request.SessionId, TransactionId = request.TransactionId, PacketId = request.PacketId };
        try
        {
            return AgentXViewResponder.Answer(request, _views.Current);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure of ours, not the master's: answer processingError (§6.2.16) and keep serving.
            _logger.LogError(e, "AgentX {Type} request could not be answered", request.Type);
            return new AgentXResponsePdu(0, AgentXErrorStatus.ProcessingError, 0, []) { SessionId = request.SessionId, TransactionId = request.TransactionId, PacketId = request.PacketId };
        }
    }

    private async Task TryCloseAsync(AgentXCloseReason reason)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout, _time);
        try
        {
            await _connection.SendAsync(new AgentXClosePdu(reason) { SessionId = SessionId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            _logger.LogDebug("Could not send AgentX Close ({Reason}): {Error}", reason, e.Message);
        }
    }

    private static void ThrowIfRefused(AgentXPduType request, AgentXResponsePdu response)
    {
        if (response.Error != AgentXErrorStatus.NoError) throw new AgentXRequestFailedException(request, response.Error);
    }
}
