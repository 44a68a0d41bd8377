using System.Buffers;
using System.Text;
using JailMetrics.Linux.Native;
using JailMetrics.Linux.Parsing;
using JailMetrics.Linux.Scanning;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>
/// The interface counters of each jail's own network namespace (<c>{ProcRoot}/INIT/net/dev</c>, read
/// once per distinct namespace); the host's are those of pid 1's namespace. A jail that shares the
/// host's network stack (no VNET) lists no interfaces of its own.
/// </summary>
internal sealed class NetworkCollector : ICollector<LinuxScan>
{
    /// <summary>
    /// The longest line of net/dev (dev_seq_printf_stats, net/core/net-procfs.c): a name of up to 15
    /// characters padded to 6, a colon, 16 counters of up to 20 digits with their padding, a newline
    /// (about 360 bytes); the two header lines are one record of about 200. A read that leaves more
    /// room than this in a page was the whole file (see <see cref="NativeFs.ReadFile"/>).
    /// </summary>
    private const int NetDevMaxLine = 512;

    public string Name => "network";

    private readonly InterfaceNames _names = new();
    private readonly Dictionary<long, Model.InterfaceCounters[]?> _byNs = [];

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        _byNs.Clear(); // per sample: only the namespaces' reads of this one are shared
        Span<byte> pathBuffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(scan.ProcRoot.Length) + 32];
        for (int j = 0; j < scan.Nodes.Length; j++)
        {
            var node = scan.Nodes[j];
            if (j > 0 && (node.NetNs == 0 || node.NetNs == scan.Host.NetNs)) continue;
            if (!_byNs.TryGetValue(node.NetNs, out var list))
            {
                var path = new PathBuilder(pathBuffer, []);
                path.Append(scan.ProcRoot);
                path.Append("/"u8);
                path.Append(node.InitPid);
                path.Append("/net/dev"u8);
                // null: the process is gone
                byte[]? text = NativeFs.ReadAllBytesPooledOrNull(path.Terminated(), out int length, NetDevMaxLine);
                if (text is not null)
                {
                    try { list = NetParsers.ParseNetDev(text.AsSpan(0, length), _names); }
                    finally { ArrayPool<byte>.Shared.Return(text); }
                }
                _byNs[node.NetNs] = list;
            }
            if (list is not null) writer.SetInterfaces(j, list);
        }
    }
}
