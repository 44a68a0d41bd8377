using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// The local SNMP engine's identity and clock (RFC 3414 §2.2): snmpEngineID, made once and kept;
/// snmpEngineBoots, incremented and saved at every start before anything is served (so a message
/// recorded in one run can never fall in a later run's time window); snmpEngineTime, the seconds since
/// boots last changed. Kept as JSON in the state directory, replaced atomically. Thread-safe.
/// </summary>
public sealed class EngineState
{
    public const string FileName = "snmp-engine.json";

    /// <summary>RFC 3414 §2.2.1: both values are 0..2147483647. Boots there latches; time there wraps.</summary>
    public const int MaxValue = int.MaxValue;

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly byte[] _engineId;
    private int _boots;
    private long _bootsChangedAt; // TimeProvider timestamp

    private EngineState(string path, byte[] engineId, int boots, TimeProvider time, ILogger logger)
    {
        _path = path;
        _engineId = engineId;
        _boots = boots;
        _time = time;
        _logger = logger;
        _bootsChangedAt = time.GetTimestamp();
    }

    /// <summary>snmpEngineID (a copy each time).</summary>
    public byte[] EngineId => (byte[])_engineId.Clone();

    /// <summary>snmpEngineID without copying.</summary>
    public ReadOnlySpan<byte> EngineIdSpan => _engineId;

    /// <summary>
    /// RFC 3414 §2.2.2 / §3.2 step 7a: at 2147483647 boots no longer moves, and every authenticated
    /// message is outside the time window, until the engine is reconfigured (here: a new engineID,
    /// which changes every localized key, made by removing the state file).
    /// </summary>
    public bool IsBootsLatched => Now().Boots == MaxValue;

    /// <summary>
    /// Loads (or creates) the state in <paramref name="stateDirectory"/>, increments snmpEngineBoots and
    /// saves it. When the file cannot be read or saved (a full or read-only disk), the engine runs with
    /// snmpEngineBoots latched at 2147483647 instead, so every authenticated SNMPv3 message is outside
    /// the time window (RFC 3414 §2.2.2, §3.2 step 7): serving authenticated requests with a boots value
    /// that was not persisted would let the next start reuse it and reopen the window for messages
    /// recorded now. SNMPv1/v2c, noAuthNoPriv discovery and everything else keep working; the next start
    /// that can save carries on from the saved boots, since nothing authenticated was accepted meanwhile.
    /// </summary>
    public static EngineState Start(string stateDirectory, TimeProvider? time = null, ILogger? logger = null,
        uint enterpriseNumber = SnmpEngineId.DocumentationEnterpriseNumber)
    {
        logger ??= NullLogger.Instance;
        time ??= TimeProvider.System;
        string path = Path.Combine(stateDirectory, FileName);

        byte[]? engineId = null;
        try
        {
            var (loadedId, boots) = Load(path, logger) ?? (SnmpEngineId.Generate(enterpriseNumber), 0);
            engineId = loadedId;
            int next = NextBoots(boots, logger);
            var state = new EngineState(path, loadedId, next, time, logger);
            state.Save(next);
            logger.LogInformation("SNMP engine {EngineId}: snmpEngineBoots {Boots}", Convert.ToHexString(loadedId), next);
            return state;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            engineId ??= SnmpEngineId.Generate(enterpriseNumber);
            logger.LogError(e,
                "Cannot keep snmpEngineBoots in {Path}: authenticated SNMPv3 requests are refused (notInTimeWindow, boots latched at {Max}) until a restart can save it; SNMPv1/v2c and /metrics are not affected",
                path, MaxValue);
            return new EngineState(path, engineId, MaxValue, time, logger);
        }
    }

    /// <summary>snmpEngineBoots and snmpEngineTime, read together (a wrap between two reads would pair them wrongly).</summary>
    public EngineClock Now()
    {
        lock (_lock)
        {
            long seconds = (long)_time.GetElapsedTime(_bootsChangedAt).TotalSeconds;
            if (seconds >= MaxValue) WrapTime();
            seconds = (long)_time.GetElapsedTime(_bootsChangedAt).TotalSeconds;
            return new EngineClock(_boots, (int)Math.Min(seconds, MaxValue - 1));
        }
    }

    public override string ToString() => $"EngineState({Convert.ToHexString(_engineId)}, boots {_boots})";

    /// <summary>
    /// RFC 3414 §2.2.2: when snmpEngineTime reaches 2147483647 it goes back to zero and boots goes up
    /// "as if the SNMP engine has re-booted". Failing to save here is logged, not thrown: the running
    /// engine stays correct and the next start increments again anyway.
    /// </summary>
    private void WrapTime()
    {
        _bootsChangedAt = _time.GetTimestamp();
        int next = NextBoots(_boots, _logger);
        _boots = next;
        try
        {
            Save(next);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(e, "Cannot save snmpEngineBoots {Boots} to {Path} after snmpEngineTime wrapped", next, _path);
        }
    }

    private static int NextBoots(int boots, ILogger logger)
    {
        if (boots < MaxValue - 1) return boots + 1;
        logger.LogError(
            "snmpEngineBoots has reached {Max}: authenticated SNMPv3 requests will be refused (notInTimeWindow) until the engine is reset by removing its state file (RFC 3414 §2.2.2)",
            MaxValue);
        return MaxValue;
    }

    private void Save(int boots)
    {
        var file = new EngineFile { Version = 1, EngineId = Convert.ToHexString(_engineId), EngineBoots = boots };
        AtomicFileWriter.WriteAllText(_path, JsonSerializer.Serialize(file, EngineFileContext.Default.EngineFile));
    }

    /// <summary>The saved engineID and boots; null if there is no file, or it was corrupt (then set aside and logged).</summary>
    private static (byte[] EngineId, int Boots)? Load(string path, ILogger logger)
    {
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path);
        try
        {
            var file = JsonSerializer.Deserialize(text, EngineFileContext.Default.EngineFile)
                ?? throw new JsonException("the file is empty");
            if (file.Version != 1) throw new JsonException($"unknown version {file.Version}");
            byte[] engineId;
            try
            {
                engineId = Convert.FromHexString(file.EngineId ?? throw new JsonException("no engineId"));
            }
            catch (FormatException e)
            {
                throw new JsonException("engineId is not hexadecimal", e);
            }
            if (!SnmpEngineId.IsValid(engineId)) throw new JsonException("engineId is not a valid SnmpEngineID (RFC 3411 §5)");
            if (file.EngineBoots < 0) throw new JsonException("engineBoots is negative");
            return (engineId, file.EngineBoots);
        }
        catch (JsonException e)
        {
            // Keep the bad file for a human; a new engineID means managers re-discover it (one Report).
            string aside = path + ".corrupt";
            File.Move(path, aside, overwrite: true);
            logger.LogError("SNMP engine state {Path} is corrupt ({Reason}); moved it to {Aside} and made a new snmpEngineID", path, e.Message, aside);
            return null;
        }
    }

    internal sealed class EngineFile
    {
        public int Version { get; set; }
        public string? EngineId { get; set; }
        public int EngineBoots { get; set; }
    }
}

/// <summary>snmpEngineBoots and snmpEngineTime at one instant.</summary>
public readonly record struct EngineClock(int Boots, int Time);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EngineState.EngineFile))]
internal sealed partial class EngineFileContext : JsonSerializerContext;
