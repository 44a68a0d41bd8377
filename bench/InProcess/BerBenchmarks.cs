using BenchmarkDotNet.Attributes;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;

/// <summary>
/// BER of one GetBulk exchange of the 1000-jail table: decoding a request (one varbind, the manager's
/// next OID) and a 50-varbind response, and encoding that response into a preallocated datagram
/// buffer as the agent does (<see cref="CommunityMessageEncoder.Write"/>).
/// </summary>
[MemoryDiagnoser]
public class BerBenchmarks
{
    private byte[] _request = [];
    private byte[] _responseDatagram = [];
    private Pdu _response = null!;
    private int _responseListSize;
    private readonly byte[] _buffer = new byte[65507];

    [GlobalSetup]
    public void Setup()
    {
        var entry = Fixtures.Entry;
        var request = new Pdu(PduType.GetBulkRequest, 4711, 0, 50, [new VarBind(entry.Append(7, 300), SnmpValue.Null)]);
        _request = CommunityMessageEncoder.Encode(new CommunityMessage(SnmpVersion.V2c, "public"u8.ToArray(), request));
        var varBinds = new List<VarBind>();
        for (uint row = 301; row <= 350; row++)
            varBinds.Add(new VarBind(entry.Append(7, row), Fixtures.ValueOf(7, row)));
        _response = new Pdu(PduType.Response, 4711, 0, 0, varBinds);
        _responseListSize = PduEncoding.VarBindListContentSize(varBinds);
        _responseDatagram = CommunityMessageEncoder.Encode(new CommunityMessage(SnmpVersion.V2c, "public"u8.ToArray(), _response));
    }

    [Benchmark]
    public CommunityMessage DecodeGetBulkRequest() => CommunityMessageDecoder.Decode(_request);

    [Benchmark]
    public CommunityMessage DecodeResponse50() => CommunityMessageDecoder.Decode(_responseDatagram);

    [Benchmark]
    public int EncodeResponse50() =>
        CommunityMessageEncoder.Write(_buffer, SnmpVersion.V2c, "public"u8, PduType.Response, _response.RequestId, 0, 0,
            _response.VarBinds, _responseListSize);
}

/// <summary>The view shaped like the agent's jmJailTable at 1000 jails: 24 columns × 1000 rows.</summary>
internal static class Fixtures
{
    public static readonly Oid Entry = Oid.Parse("1.3.6.1.4.1.32473.1.2.3.1");

    public static SnmpValue ValueOf(uint column, uint row) => (column % 3) switch
    {
        0 => SnmpValue.Counter64(row * 1_000_003UL),
        1 => SnmpValue.Integer((int)row),
        _ => SnmpValue.OctetString($"jail-{row}"),
    };

    public static MibView JailTable()
    {
        var builder = new MibViewBuilder();
        for (uint column = 2; column <= 25; column++)
            for (uint row = 1; row <= 1000; row++)
                builder.Add(Entry.Append(column, row), ValueOf(column, row));
        return builder.Build();
    }
}
