using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// What a notification originator knows of an inform receiver's SNMP engine, which is authoritative
/// for informs (RFC 3414 §1.5.1 / RFC 3412 §6.1): its snmpEngineID, learned by discovery (RFC 3414
/// §4), and its boots and time, kept the way RFC 3414 §2.3 describes for a non-authoritative engine:
/// the last values received plus the local time elapsed since, so every message lands inside the
/// receiver's ±150 s window without asking again. One per target; used by one delivery loop.
/// </summary>
internal sealed class ReceiverEngine
{
    private readonly TimeProvider _time;
    private int _boots;
    private int _latestReceivedTime;
    private long _receivedAt;

    public ReceiverEngine(byte[] engineId, int boots, int time, TimeProvider clock)
    {
        EngineId = engineId;
        _time = clock;
        Set(boots, time);
    }

    public byte[] EngineId { get; }

    /// <summary>The receiver's snmpEngineBoots and its snmpEngineTime as estimated now.</summary>
    public EngineClock Estimate()
    {
        long elapsed = (long)_time.GetElapsedTime(_receivedAt).TotalSeconds;
        return new EngineClock(_boots, (int)Math.Min(_latestReceivedTime + elapsed, EngineState.MaxValue));
    }

    /// <summary>
    /// RFC 3414 §3.2 step 7b: an authentic message from the receiver moves our notion of its clock
    /// forward only, when it carries a later boots, or the same boots and a later time than the
    /// latest received; an old or replayed message cannot set it back.
    /// </summary>
    public void Observe(int boots, int time)
    {
        if (boots > _boots || (boots == _boots && time > _latestReceivedTime)) Set(boots, time);
    }

    /// <summary>
    /// An authenticated notInTimeWindow Report (RFC 3414 §3.2 step 7a) states the receiver's current
    /// boots and time: taken as they are, even if lower (the receiver restarted and kept its engineID).
    /// </summary>
    public void Resynchronise(int boots, int time) => Set(boots, time);

    public override string ToString() => $"ReceiverEngine({Convert.ToHexString(EngineId)}, boots {_boots})";

    private void Set(int boots, int time)
    {
        _boots = boots;
        _latestReceivedTime = time;
        _receivedAt = _time.GetTimestamp();
    }
}
