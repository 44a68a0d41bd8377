using System.Text.Json;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Tests.Text;

public sealed class NetstatJsonParserTests
{
    [Fact]
    public void System_Text_Json_keeps_a_duplicate_key_when_enumerating_properties()
    {
        // The premise of the parser: JsonDocument neither rejects nor merges netstat's duplicate key.
        using var document = JsonDocument.Parse("""{"dropped-packets":7,"dropped-packets":3}""");
        var values = document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).ToList();

        Assert.Equal([("dropped-packets", 7), ("dropped-packets", 3)], values);
    }

    [Fact]
    public void Only_link_rows_are_read_with_input_and_output_drops_from_the_duplicate_key()
    {
        var interfaces = NetstatJsonParser.Parse(NetstatFixtures.VnetJail);

        Assert.Equal(["epair0b", "lo0"], interfaces.Select(i => i.Name));
        Assert.Equal(
            new InterfaceCounters("epair0b", ReceiveBytes: 3661133356, ReceivePackets: 14409097, ReceiveErrors: 1, ReceiveDrops: 7,
                TransmitBytes: 4606661018, TransmitPackets: 14006498, TransmitErrors: 2, TransmitDrops: 3),
            interfaces[0]);
        Assert.Equal(new InterfaceCounters("lo0", 9600, 120, 0, 0, 9600, 120, 0, 0), interfaces[1]);
    }

    [Fact]
    public void Without_minus_d_there_is_one_dropped_packets_and_output_drops_read_zero()
    {
        const string json = """{"statistics":{"interface":[{"name":"vtnet0","network":"<Link#1>","received-packets":5,"dropped-packets":4,"sent-packets":6}]}}""";

        var only = Assert.Single(NetstatJsonParser.Parse(json));

        Assert.Equal(4UL, only.ReceiveDrops);
        Assert.Equal(0UL, only.TransmitDrops);
    }

    [Fact]
    public void Numbers_given_as_strings_are_read()
    {
        const string json = """{"statistics":{"interface":[{"name":"em0","network":"<Link#3>","received-packets":"18446744073709551615","received-bytes":"42","sent-bytes":7}]}}""";

        var only = Assert.Single(NetstatJsonParser.Parse(json));

        Assert.Equal(ulong.MaxValue, only.ReceivePackets);
        Assert.Equal(42UL, only.ReceiveBytes);
        Assert.Equal(7UL, only.TransmitBytes);
    }

    [Fact]
    public void Missing_byte_fields_read_zero()
    {
        // netstat without -b prints no received-bytes / sent-bytes.
        const string json = """{"statistics":{"interface":[{"name":"em0","network":"<Link#3>","received-packets":10,"sent-packets":11}]}}""";

        var only = Assert.Single(NetstatJsonParser.Parse(json));

        Assert.Equal((10UL, 0UL, 11UL, 0UL), (only.ReceivePackets, only.ReceiveBytes, only.TransmitPackets, only.TransmitBytes));
    }

    [Fact]
    public void A_jail_without_interfaces_gives_an_empty_list()
    {
        Assert.Empty(NetstatJsonParser.Parse("""{"statistics": {"interface": []}}"""));
    }

    [Fact]
    public void Rows_without_a_name_or_network_are_skipped()
    {
        const string json = """{"statistics":{"interface":[{"network":"<Link#1>"},{"name":"x"},42,{"name":"em0","network":"<Link#3>"}]}}""";

        Assert.Equal(["em0"], NetstatJsonParser.Parse(json).Select(i => i.Name));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"statistics": {}}""")]
    [InlineData("""{"interface": []}""")]
    [InlineData("[]")]
    public void Output_without_the_interface_list_is_a_format_error(string json)
    {
        Assert.Throws<FormatException>(() => NetstatJsonParser.Parse(json));
    }
}
