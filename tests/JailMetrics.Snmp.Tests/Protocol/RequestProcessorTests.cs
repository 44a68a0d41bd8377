using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Tests.Support;
using static JailMetrics.Snmp.Tests.Support.TestViews;

namespace JailMetrics.Snmp.Tests.Protocol;

/// <summary>RFC 3416 §4.2 operations (and their SNMPv1 forms, RFC 1157 §4.1 / RFC 3584 §4.2.2) against a MibView.</summary>
public class RequestProcessorTests
{
    private readonly MibView _view = Jails();
    private readonly RequestProcessor _processor = new(maxGetBulkRepetitions: 50);
    private readonly ResponsePdu _response = new();

    private ResponsePdu Process(PduType type, ErrorModel errors, Oid[] names, int field2 = 0, int field3 = 0, int maxPduSize = 1400)
    {
        var request = new Pdu(type, requestId: -123456, field2, field3, names.Select(n => new VarBind(n, SnmpValue.Null)).ToList());
        Assert.True(_processor.Process(request, _view, errors, maxPduSize, _response));
        Assert.Equal(-123456, _response.RequestId);
        Assert.True(_response.PduSize <= maxPduSize);
        return _response;
    }

    private List<VarBind> Walk(Oid from, ErrorModel errors = ErrorModel.SnmpV2)
    {
        var walked = new List<VarBind>();
        var at = from;
        while (_view.TryGetNext(at, out var next, out var value))
        {
            if (errors == ErrorModel.SnmpV2 || value.Type != SnmpType.Counter64) walked.Add(new VarBind(next, value));
            at = next;
        }
        return walked;
    }

    [Fact]
    public void Get_returns_values_and_per_varbind_exceptions_in_v2()
    {
        var response = Process(PduType.GetRequest, ErrorModel.SnmpV2, [Scalar, NameColumn.Append(2), NameColumn.Append(9), Root.Append(9, 0)]);

        Assert.Equal(ErrorStatus.NoError, response.ErrorStatus);
        Assert.Equal(
        [
            new VarBind(Scalar, SnmpValue.Integer(42)),
            new VarBind(NameColumn.Append(2), SnmpValue.OctetString("db")),
            new VarBind(NameColumn.Append(9), SnmpValue.NoSuchInstance),
            new VarBind(Root.Append(9, 0), SnmpValue.NoSuchObject),
        ], response.VarBinds);
    }

    [Fact]
    public void Get_in_v1_answers_noSuchName_naming_the_first_missing_varbind_and_echoes_the_request()
    {
        var names = new[] { Scalar, NameColumn.Append(9), Root.Append(9, 0) };
        var response = Process(PduType.GetRequest, ErrorModel.SnmpV1, names);

        Assert.Equal(ErrorStatus.NoSuchName, response.ErrorStatus);
        Assert.Equal(2, response.ErrorIndex);
        Assert.Equal(names.Select(n => new VarBind(n, SnmpValue.Null)), response.VarBinds);
    }

    [Fact]
    public void Get_of_a_counter64_in_v1_is_noSuchName()
    {
        var response = Process(PduType.GetRequest, ErrorModel.SnmpV1, [Scalar, CpuColumn.Append(1)]);
        Assert.Equal(ErrorStatus.NoSuchName, response.ErrorStatus);
        Assert.Equal(2, response.ErrorIndex);
    }

    [Fact]
    public void GetNext_walks_the_whole_view_in_order_and_ends_with_endOfMibView()
    {
        var walked = new List<VarBind>();
        var at = new Oid(1, 3);
        while (true)
        {
            var response = Process(PduType.GetNextRequest, ErrorModel.SnmpV2, [at]);
            var varBind = response.VarBinds.Single();
            if (varBind.Value == SnmpValue.EndOfMibView)
            {
                Assert.Equal(at, varBind.Name); // the requested name comes back (RFC 3416 §4.2.2)
                break;
            }
            Assert.True(varBind.Name > at);
            walked.Add(varBind);
            at = varBind.Name;
        }
        Assert.Equal(_view.Entries.Select(e => new VarBind(e.Key, e.Value)), walked);
    }

    [Fact]
    public void GetNext_in_v1_skips_counter64_and_reports_the_end_as_noSuchName()
    {
        var response = Process(PduType.GetNextRequest, ErrorModel.SnmpV1, [NameColumn.Append(3)]);
        Assert.Equal(new VarBind(ProcessesColumn.Append(1), SnmpValue.Gauge32(10)), response.VarBinds.Single()); // CpuColumn skipped

        var end = Process(PduType.GetNextRequest, ErrorModel.SnmpV1, [Scalar, Identity]);
        Assert.Equal(ErrorStatus.NoSuchName, end.ErrorStatus);
        Assert.Equal(2, end.ErrorIndex);
        Assert.Equal([new VarBind(Scalar, SnmpValue.Null), new VarBind(Identity, SnmpValue.Null)], end.VarBinds);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(1, 0)]
    [InlineData(3, 5)]   // N greater than the number of varbinds: all are non-repeaters
    [InlineData(-5, 4)]  // negative N counts as 0
    [InlineData(1, -4)]  // negative M counts as 0
    [InlineData(0, 1000)] // clamped to 50 repetitions, and the walk ends early
    public void GetBulk_is_N_getnexts_then_M_interleaved_rounds_over_R(int nonRepeaters, int maxRepetitions)
    {
        Oid[] names = [Scalar, NameColumn, ProcessesColumn];
        var response = Process(PduType.GetBulkRequest, ErrorModel.SnmpV2, names, nonRepeaters, maxRepetitions);

        int n = Math.Clamp(nonRepeaters, 0, names.Length);
        int m = Math.Clamp(maxRepetitions, 0, 50);
        var expected = new List<VarBind>();
        for (int i = 0; i < n; i++) expected.Add(NextOf(names[i]));
        var cursors = names[n..].ToArray();
        for (int round = 0; round < m && cursors.Length > 0; round++)
        {
            bool anyFound = false;
            for (int r = 0; r < cursors.Length; r++)
            {
                var next = NextOf(cursors[r]);
                anyFound |= next.Value != SnmpValue.EndOfMibView;
                expected.Add(next);
                cursors[r] = next.Name;
            }
            if (!anyFound) break;
        }

        Assert.Equal(ErrorStatus.NoError, response.ErrorStatus);
        Assert.Equal(expected, response.VarBinds);
    }

    private VarBind NextOf(Oid oid) =>
        _view.TryGetNext(oid, out var next, out var value) ? new VarBind(next, value) : new VarBind(oid, SnmpValue.EndOfMibView);

    [Fact]
    public void GetBulk_stops_after_the_first_round_in_which_every_repeater_is_at_the_end()
    {
        var response = Process(PduType.GetBulkRequest, ErrorModel.SnmpV2, [Address], 0, 10);
        Assert.Equal(
        [
            new VarBind(Identity, SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.32473"))),
            new VarBind(Identity, SnmpValue.EndOfMibView),
        ], response.VarBinds);
    }

    [Fact]
    public void GetBulk_is_trimmed_from_the_end_to_fit_the_size_limit()
    {
        var full = Process(PduType.GetBulkRequest, ErrorModel.SnmpV2, [Root], 0, 40, maxPduSize: 65000).VarBinds.ToList();
        var trimmed = Process(PduType.GetBulkRequest, ErrorModel.SnmpV2, [Root], 0, 40, maxPduSize: 200).VarBinds.ToList();

        Assert.Equal(ErrorStatus.NoError, _response.ErrorStatus);
        Assert.InRange(trimmed.Count, 1, full.Count - 1);
        Assert.Equal(full.Take(trimmed.Count), trimmed);
    }

    [Fact]
    public void A_response_that_does_not_fit_is_tooBig_with_no_varbinds_in_v2()
    {
        var response = Process(PduType.GetRequest, ErrorModel.SnmpV2, [NameColumn.Append(1), NameColumn.Append(2), NameColumn.Append(3)], maxPduSize: 60);
        Assert.Equal(ErrorStatus.TooBig, response.ErrorStatus);
        Assert.Equal(0, response.ErrorIndex);
        Assert.Empty(response.VarBinds);
    }

    [Fact]
    public void GetBulk_whose_first_varbind_does_not_fit_is_tooBig()
    {
        var response = Process(PduType.GetBulkRequest, ErrorModel.SnmpV2, [Root], 0, 5, maxPduSize: 20);
        Assert.Equal(ErrorStatus.TooBig, response.ErrorStatus);
        Assert.Empty(response.VarBinds);
    }

    [Fact]
    public void TooBig_in_v1_echoes_the_request()
    {
        // The request's NULL varbinds are smaller than the answer's values, so the echo fits where the answer did not.
        Oid[] names = [Identity, Identity, Identity];
        var response = Process(PduType.GetRequest, ErrorModel.SnmpV1, names, maxPduSize: 75);
        Assert.Equal(ErrorStatus.TooBig, response.ErrorStatus);
        Assert.Equal(0, response.ErrorIndex);
        Assert.Equal(names.Select(n => new VarBind(n, SnmpValue.Null)), response.VarBinds);
    }

    [Fact]
    public void When_not_even_tooBig_fits_the_request_is_dropped()
    {
        var request = new Pdu(PduType.GetRequest, 1, 0, 0, [new VarBind(Scalar, SnmpValue.Null)]);
        Assert.False(_processor.Process(request, _view, ErrorModel.SnmpV2, maxPduSize: 10, _response));
        Assert.False(_processor.Process(request, _view, ErrorModel.SnmpV1, maxPduSize: 20, _response));
    }

    [Fact]
    public void Set_is_refused_notWritable_in_v2_and_noSuchName_in_v1_at_index_1()
    {
        var request = new Pdu(PduType.SetRequest, 5, 0, 0,
            [new VarBind(NameColumn.Append(1), SnmpValue.Gauge32(5)), new VarBind(Scalar, SnmpValue.Integer(1))]);

        Assert.True(_processor.Process(request, _view, ErrorModel.SnmpV2, 1400, _response));
        Assert.Equal(ErrorStatus.NotWritable, _response.ErrorStatus);
        Assert.Equal(1, _response.ErrorIndex);
        Assert.Equal(request.VarBinds, _response.VarBinds);

        Assert.True(_processor.Process(request, _view, ErrorModel.SnmpV1, 1400, _response));
        Assert.Equal(ErrorStatus.NoSuchName, _response.ErrorStatus);
        Assert.Equal(1, _response.ErrorIndex);
        Assert.Equal(request.VarBinds, _response.VarBinds);

        Assert.Equal(Jails().Get(NameColumn.Append(1)), _view.Get(NameColumn.Append(1))); // nothing changed
    }

    [Fact]
    public void V1_walk_over_getnext_omits_counter64_columns()
    {
        var walked = new List<VarBind>();
        var at = Root;
        while (true)
        {
            var response = Process(PduType.GetNextRequest, ErrorModel.SnmpV1, [at]);
            if (response.ErrorStatus == ErrorStatus.NoSuchName) break;
            walked.Add(response.VarBinds.Single());
            at = walked[^1].Name;
        }
        Assert.Equal(Walk(Root, ErrorModel.SnmpV1), walked);
        Assert.DoesNotContain(walked, v => v.Value.Type == SnmpType.Counter64);
    }
}
