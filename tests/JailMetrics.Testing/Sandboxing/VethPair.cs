using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>
/// A veth pair joining the host to one sandbox's network namespace, with a /30 of link-local
/// addresses (169.254.0.0/16 never leaves the link, so test traffic cannot reach a real network).
/// </summary>
/// <remarks>
/// The pair is set up so that the jail's interface receives exactly what the tests send, which makes
/// its counters checkable to the packet: IPv6 is off on both ends (no router solicitations, neighbour
/// discovery or MLD reports) and each side has a permanent neighbour entry for the other (no ARP).
/// </remarks>
internal sealed class VethPair
{
    private static readonly TimeSpan DisappearanceTimeout = TimeSpan.FromSeconds(10);

    private VethPair(string suffix, IPAddress hostAddress, IPAddress jailAddress)
    {
        HostInterface = "jmh" + suffix;
        JailInterface = "jmj" + suffix;
        // Locally administered unicast MACs (first octet 02), fixed up front so neighbours can be static.
        HostMac = "02:6a:68:" + string.Join(':', suffix.Chunk(2).Select(c => new string(c)));
        JailMac = "02:6a:6a:" + string.Join(':', suffix.Chunk(2).Select(c => new string(c)));
        HostAddress = hostAddress;
        JailAddress = jailAddress;
    }

    /// <summary>Host-side interface name prefix, which <see cref="Sandbox.RemoveLeftovers"/> looks for.</summary>
    public const string HostPrefix = "jmh";

    public string HostInterface { get; }
    public string JailInterface { get; }
    public string HostMac { get; }
    public string JailMac { get; }
    public IPAddress HostAddress { get; }
    public IPAddress JailAddress { get; }

    /// <summary>
    /// Picks fresh names and a /30 no host interface uses yet. Parallel test processes pick at random
    /// among 16 000 subnets, so two choosing the same one at the same moment is not a practical concern.
    /// </summary>
    public static VethPair Plan()
    {
        HashSet<IPAddress> inUse = HostIPv4Addresses();
        while (true)
        {
            byte[] random = RandomNumberGenerator.GetBytes(5);
            // 169.254.0.x and 169.254.255.x are reserved (RFC 3927), hence third octets 1..254.
            int thirdOctet = 1 + random[0] % 254;
            int subnetBase = random[1] % 64 * 4;
            var hostAddress = new IPAddress([169, 254, (byte)thirdOctet, (byte)(subnetBase + 1)]);
            var jailAddress = new IPAddress([169, 254, (byte)thirdOctet, (byte)(subnetBase + 2)]);
            bool subnetTaken = Enumerable.Range(subnetBase, 4)
                .Any(last => inUse.Contains(new IPAddress([169, 254, (byte)thirdOctet, (byte)last])));
            string suffix = Convert.ToHexStringLower(random.AsSpan(2, 3));
            if (!subnetTaken && !Directory.Exists($"/sys/class/net/{HostPrefix}{suffix}"))
            {
                return new VethPair(suffix, hostAddress, jailAddress);
            }
        }
    }

    /// <summary>Creates the pair with its jail end inside the network namespace of <paramref name="initPid"/>, addressed and up.</summary>
    public void Create(HostTools tools, int initPid)
    {
        string pid = initPid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        HostCommand.Run(tools.Ip, ["link", "add", HostInterface, "address", HostMac, "type", "veth",
            "peer", "name", JailInterface, "address", JailMac, "netns", pid]);

        // The jail end inherits IPv6-off from its namespace's defaults (set when the namespace was
        // made); the host's defaults are not ours to change, so the host end is switched per interface.
        DisableIPv6OnHostEnd();
        HostCommand.Run(tools.Ip, ["-batch", "-"], standardInput: $"""
            address add {HostAddress}/30 dev {HostInterface}
            neighbour replace {JailAddress} lladdr {JailMac} dev {HostInterface} nud permanent
            link set {HostInterface} up
            """);
        HostCommand.Run(tools.Nsenter, ["--target", pid, "--net", tools.Ip, "-batch", "-"], standardInput: $"""
            address add {JailAddress}/30 dev {JailInterface}
            neighbour replace {HostAddress} lladdr {HostMac} dev {JailInterface} nud permanent
            link set {JailInterface} up
            link set lo up
            """);
    }

    /// <summary>Sends <paramref name="datagrams"/> UDP datagrams from the host end to the discard port of the jail end.</summary>
    public void SendUdp(int datagrams, int payloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(datagrams);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadBytes);
        // Unconnected on purpose: the jail answers each datagram with ICMP port unreachable, which on a
        // connected socket would surface as an error on the next send.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(HostAddress, 0));
        var destination = new IPEndPoint(JailAddress, 9);
        byte[] payload = new byte[payloadBytes];
        for (int i = 0; i < datagrams; i++) socket.SendTo(payload, destination);
    }

    /// <summary>
    /// Deletes the host end (the kernel deletes the jail end with it) and waits until it is gone.
    /// Returns an error description, or null on success.
    /// </summary>
    public string? Delete(HostTools tools) => DeleteHostInterface(tools, HostInterface);

    /// <summary>Deletes a host-side veth by name; also used for leftovers of crashed runs.</summary>
    public static string? DeleteHostInterface(HostTools tools, string hostInterface)
    {
        string device = $"/sys/class/net/{hostInterface}";
        // When the namespace's last process exits the kernel removes the pair by itself, so the
        // interface may vanish between the check and the delete: only its lingering counts as failure.
        if (Directory.Exists(device)) HostCommand.TryRun(tools.Ip, ["link", "delete", hostInterface]);
        var clock = Stopwatch.StartNew();
        while (Directory.Exists(device))
        {
            if (clock.Elapsed > DisappearanceTimeout) return $"interface {hostInterface} still exists after {DisappearanceTimeout.TotalSeconds} s";
            Thread.Sleep(50);
        }
        return null;
    }

    private void DisableIPv6OnHostEnd()
    {
        string setting = $"/proc/sys/net/ipv6/conf/{HostInterface}/disable_ipv6";
        if (File.Exists(setting)) File.WriteAllText(setting, "1"); // absent when the kernel runs without IPv6
    }

    private static HashSet<IPAddress> HostIPv4Addresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .ToHashSet();
}
