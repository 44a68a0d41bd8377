using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;
using JailMetrics.Snmp.Tests.Security;
using JailMetrics.Snmp.Tests.Support;

namespace JailMetrics.Snmp.Tests.V3;

/// <summary>
/// The agent's pipeline in-process with SNMPv3 on: a dispatcher with an engine in a temporary state
/// directory, the standard test users, and the test view layered under the agent's own objects.
/// </summary>
internal sealed class V3TestAgent : IDisposable
{
    public const string AuthPassword = "authpass123";
    public const string PrivPassword = "privpass123";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("jm-v3-");
    private readonly byte[] _answer = new byte[SnmpMessageDispatcher.MaxUdpPayload];
    private readonly ResponsePdu _response = new();

    public V3TestAgent(MibView? view = null, Action<SnmpAgentOptions>? configure = null, byte[]? engineId = null, int savedBoots = 0,
        ulong firstSalt = 0x0102030405060708)
    {
        if (engineId is not null)
        {
            // A state file as EngineState writes it: the next start uses this engineID with boots savedBoots + 1.
            File.WriteAllText(Path.Combine(_directory.FullName, EngineState.FileName),
                $$"""{ "version": 1, "engineId": "{{Convert.ToHexString(engineId)}}", "engineBoots": {{savedBoots}} }""");
        }
        Engine = new SnmpEngine(EngineState.Start(_directory.FullName, Clock), new SaltGenerator(firstSalt));
        Options = new SnmpAgentOptions { MaxMessageSize = 65507, Users = StandardUsers(), Views = StandardViews() };
        configure?.Invoke(Options);
        View = view ?? TestViews.Jails();
        var objects = AgentObjects.Create(Options, Counters, () => 0,
            V3AgentObjects.Counters(Counters).Concat(V3AgentObjects.Engine(Engine, Options.MaxMessageSize)));
        var reader = new LayeredMibReader(objects, View);
        Dispatcher = new SnmpMessageDispatcher(Options, Counters, () => reader, Engine);
    }

    public ManualClock Clock { get; } = new();

    public SnmpEngine Engine { get; }

    public byte[] EngineId => Engine.EngineId;

    public SnmpAgentOptions Options { get; }

    public MibView View { get; }

    public SnmpAgentCounters Counters { get; } = new();

    public SnmpMessageDispatcher Dispatcher { get; }

    public UsmStats UsmStats => Engine.UsmStats;

    /// <summary>The answer's bytes, or null when the datagram is dropped.</summary>
    public byte[]? Send(ReadOnlySpan<byte> datagram)
    {
        int length = Dispatcher.Dispatch(datagram, TestDispatch.Loopback, _answer, _response);
        return length == 0 ? null : _answer.AsSpan(0, length).ToArray();
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>The view of user "limited": everything but the jail table (TestViews.Entry).</summary>
    public static readonly Oid LimitedExcludes = TestViews.Entry;

    public static List<UsmUserOptions> StandardUsers() =>
    [
        new() { Name = "shaaes", AuthProtocol = "SHA", AuthPassword = AuthPassword, PrivProtocol = "AES", PrivPassword = PrivPassword },
        new() { Name = "md5des", AuthProtocol = "MD5", AuthPassword = AuthPassword, PrivProtocol = "DES", PrivPassword = PrivPassword },
        new() { Name = "sha256auth", AuthProtocol = "SHA-256", AuthPassword = AuthPassword },
        new() { Name = "sha512aes256", AuthProtocol = "SHA-512", AuthPassword = AuthPassword, PrivProtocol = "AES-256", PrivPassword = PrivPassword, SecurityLevel = "authNoPriv" },
        new() { Name = "noauth" },
        new() { Name = "limited", AuthProtocol = "SHA", AuthPassword = AuthPassword, PrivProtocol = "AES", PrivPassword = PrivPassword, View = "limited" },
    ];

    public static List<ViewOptions> StandardViews() =>
    [
        new() { Name = "limited", Include = ["1.3.6.1"], Exclude = [LimitedExcludes.ToString()] },
    ];

    // Built once: each password costs a 1 MiB hash.
    private static readonly Lazy<UsmUserStore> ManagerUsers = new(() => UsmUserStore.FromOptions(StandardUsers(), new AccessViews(StandardViews())));

    /// <summary>The same user as the agent has, built for the manager side.</summary>
    public static UsmUser User(string name) =>
        ManagerUsers.Value.TryGetUser(System.Text.Encoding.UTF8.GetBytes(name), out var user) ? user : throw new ArgumentException(name);
}
