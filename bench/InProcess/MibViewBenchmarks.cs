using BenchmarkDotNet.Attributes;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;

/// <summary>
/// The MIB view of 24 000 objects: an exact Get, a GetNext from a cold position (binary search), and
/// one GetBulk of 50 repetitions through <see cref="RequestProcessor"/> into a <see cref="ResponsePdu"/>
/// (no BER: that is <see cref="BerBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class MibViewBenchmarks
{
    private MibView _view = null!;
    private Oid[] _probes = [];
    private Pdu[] _bulks = [];
    private readonly RequestProcessor _processor = new();
    private readonly ResponsePdu _response = new();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _view = Fixtures.JailTable();
        // scattered rows and columns, so GetNext never continues from where it last answered
        var random = new Random(8);
        _probes = [.. Enumerable.Range(0, 1024).Select(_ => Fixtures.Entry.Append((uint)random.Next(2, 26), (uint)random.Next(1, 1001)))];
        _bulks = [.. _probes.Select((oid, i) => new Pdu(PduType.GetBulkRequest, i, 0, 50, [new VarBind(oid, SnmpValue.Null)]))];
    }

    [Benchmark]
    public SnmpValue Get() => _view.Get(_probes[_next++ & 1023]);

    [Benchmark]
    public bool GetNextScattered() => _view.TryGetNext(_probes[_next++ & 1023], out _, out _);

    [Benchmark]
    public bool GetBulk50() => _processor.Process(_bulks[_next++ & 1023], _view, ErrorModel.SnmpV2, 65000, _response);
}
