using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;

if (args is ["loop", var reps, var seconds])
{
    // A plain loop for profilers (perf record -p, DOTNET_PerfMapEnabled=1): thread CPU per dispatch.
    var bench = new DispatchBenchmarks { MaxRepetitions = int.Parse(reps, System.Globalization.CultureInfo.InvariantCulture) };
    bench.Setup();
    for (int i = 0; i < 100_000; i++) bench.GetBulk(); // warm up past tiered compilation
    var cpu = System.Diagnostics.Process.GetCurrentProcess();
    var start = cpu.TotalProcessorTime;
    long allocated = GC.GetAllocatedBytesForCurrentThread();
    long until = Environment.TickCount64 + 1000 * long.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture);
    long calls = 0;
    while (Environment.TickCount64 < until)
    {
        for (int i = 0; i < 1000; i++) bench.GetBulk();
        calls += 1000;
    }
    cpu.Refresh();
    Console.WriteLine($"-Cr{reps}: {(cpu.TotalProcessorTime - start).TotalMicroseconds / calls:F2} µs CPU and {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)calls:F0} B per dispatch ({calls} calls)");
    return;
}
// In process: BenchmarkDotNet's default out-of-process build scans the repository, whose test fixtures hold
// unreadable /proc-like trees.
BenchmarkRunner.Run<DispatchBenchmarks>(
    ManualConfig.Create(DefaultConfig.Instance).AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)), args);

/// <summary>
/// One GetBulk datagram through <see cref="SnmpMessageDispatcher.Dispatch"/> (decode, authorize,
/// process, encode) over a view shaped like the bulkwalk benchmark's: 1000 rows of 24 columns.
/// No socket: this is the agent's CPU per request minus the kernel's part.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private static readonly Oid Entry = Oid.Parse("1.3.6.1.4.1.32473.1.2.3.1");
    private static readonly byte[] Loopback = [127, 0, 0, 1];

    private SnmpMessageDispatcher _dispatcher = null!;
    private readonly ResponsePdu _response = new();
    private readonly byte[] _answer = new byte[SnmpMessageDispatcher.MaxUdpPayload];
    private byte[][] _requests = [];
    private int _next;

    [Params(10, 50)]
    public int MaxRepetitions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = new MibViewBuilder();
        for (uint column = 2; column <= 25; column++)
        {
            for (uint row = 1; row <= 1000; row++)
            {
                var value = (column % 3) switch
                {
                    0 => SnmpValue.Counter64(row * 1_000_003UL),
                    1 => SnmpValue.Integer((int)row),
                    _ => SnmpValue.OctetString($"jail-{row}"),
                };
                builder.Add(Entry.Append(column, row), value);
            }
        }
        var view = builder.Build();
        var counters = new SnmpAgentCounters();
        var options = new SnmpAgentOptions { MaxMessageSize = SnmpMessageDispatcher.MaxUdpPayload };
        // The agent's own objects (SNMPv2-MIB's system and snmp groups, snmpSetSerialNo) over the
        // table, as SnmpAgent layers them: a walk asks both layers for every successor.
        var reader = new LayeredMibReader(AgentObjects.Create(options, counters, () => 0), view);
        _dispatcher = new SnmpMessageDispatcher(options, counters, () => reader);
        // A walk down one column: each request asks for the successor of the last instance the previous answer held.
        var requests = new List<byte[]>();
        for (uint row = 1; row + MaxRepetitions <= 1000; row += (uint)MaxRepetitions)
        {
            var pdu = new Pdu(PduType.GetBulkRequest, (int)row, 0, MaxRepetitions, [new VarBind(Entry.Append(7, row), SnmpValue.Null)]);
            requests.Add(CommunityMessageEncoder.Encode(new CommunityMessage(SnmpVersion.V2c, "public"u8.ToArray(), pdu)));
        }
        _requests = [.. requests];
    }

    [Benchmark]
    public int GetBulk()
    {
        var request = _requests[_next];
        _next = (_next + 1) % _requests.Length;
        return _dispatcher.Dispatch(request, Loopback, _answer, _response);
    }
}
