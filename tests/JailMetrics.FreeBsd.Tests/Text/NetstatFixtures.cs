namespace JailMetrics.FreeBsd.Tests.Text;

/// <summary>
/// <c>netstat -ibn -d --libxo json</c> outputs, shaped as usr.bin/netstat/if.c emits them (reference
/// freebsd.md §5.3): link rows and address rows per interface; with -d a second "dropped-packets"
/// (output drops) in the link rows. Counter values are illustrative.
/// </summary>
internal static class NetstatFixtures
{
    /// <summary>A VNET jail: its epair end and loopback, each with address rows.</summary>
    public const string VnetJail = """
        {"statistics": {"interface": [
        {"name":"epair0b","flags":"0x8863","mtu":1500,"network":"<Link#2>","address":"02:5b:7c:8a:d1:0b","received-packets":14409097,"received-errors":1,"dropped-packets":7,"received-bytes":3661133356,"sent-packets":14006498,"send-errors":2,"sent-bytes":4606661018,"collisions":0,"dropped-packets":3},
        {"name":"epair0b","flags":"0x8863","network":"10.0.0.0/24","address":"10.0.0.12","received-packets":4072295,"received-bytes":4334205829,"sent-packets":2423184,"sent-bytes":473948371},
        {"name":"epair0b","flags":"0x8863","network":"fe80::%epair0b/64","address":"fe80::5b:7cff:fe8a:d10b%epair0b","received-packets":0,"received-bytes":0,"sent-packets":2,"sent-bytes":152},
        {"name":"lo0","flags":"0x8049","mtu":16384,"network":"<Link#1>","received-packets":120,"received-errors":0,"dropped-packets":0,"received-bytes":9600,"sent-packets":120,"send-errors":0,"sent-bytes":9600,"collisions":0,"dropped-packets":0},
        {"name":"lo0","flags":"0x8049","network":"127.0.0.0/8","address":"127.0.0.1","received-packets":120,"received-bytes":9600,"sent-packets":120,"sent-bytes":9600}
        ]}}
        """;
}
