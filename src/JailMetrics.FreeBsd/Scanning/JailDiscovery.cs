using System.Collections.Immutable;
using System.Globalization;
using JailMetrics.FreeBsd.Kernel;
using JailMetrics.FreeBsd.Layouts;
using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Scanning;

/// <summary>
/// One sample's pass over the kernel: the jails (jail_get), whether RACCT answers, each jail's RACCT
/// usage, and the host row. A jail that vanished between jail_get and rctl_get_racct is left out of
/// the sample: rctl_get_racct does not fail for an unknown name but answers all zeros
/// (prison_racct_find creates an empty record, sys/kern/kern_jail.c), so an all-zero answer (or
/// ESRCH) is checked with jail_get by JID and name, and a jail no longer there is dropped — which is
/// what <see cref="Sampling.IJailSource.Sample"/> promises ("a jail that vanishes … is simply absent").
/// A persistent jail with no processes also answers zeros; it still exists and is kept.
/// </summary>
internal sealed class JailDiscovery(IFreeBsdNative native, IJailNetstat netstat, FreeBsdSourceOptions options)
{
    private readonly SysctlReader _sysctl = new(native);
    private readonly RctlReader _rctl = new(native);
    private readonly JailEnumerator _enumerator = new(native);

    /// <summary>Per-jail RACCT problems of the last scan (a name the kernel refused, a line that did not parse), for logging.</summary>
    public List<string> RacctProblems { get; } = [];

    /// <summary>security.jail.jailed of the last scan: 1 when we run inside a jail and see only its children.</summary>
    public bool Jailed { get; private set; }

    public FreeBsdScan Scan(CancellationToken cancellationToken)
    {
        RacctProblems.Clear();
        Jailed = _sysctl.TryReadInteger("security.jail.jailed") == 1;
        var records = OnePerName(_enumerator.Enumerate(cancellationToken));
        var racct = ProbeRacct();
        var usage = new Dictionary<int, RacctRecord>();
        if (racct == RacctState.Enabled) racct = ReadUsage(records, usage, cancellationToken);

        var rowOfJid = new Dictionary<int, int>();
        var jails = new List<JailInfo> { HostInfo() };
        var rowRecords = new List<JailRecord?> { null };
        foreach (var record in records)
        {
            rowOfJid[record.Jid] = jails.Count;
            rowRecords.Add(record);
            jails.Add(record.ToJailInfo(records));
        }

        var parents = new int[jails.Count];
        parents[0] = -1;
        for (int row = 1; row < parents.Length; row++)
            parents[row] = rowOfJid.GetValueOrDefault(rowRecords[row]!.ParentJid, 0);

        return new FreeBsdScan
        {
            Jails = jails,
            Records = rowRecords,
            Parents = parents,
            Racct = racct,
            Usage = [.. rowRecords.Select(r => r is not null && usage.TryGetValue(r.Jid, out var u) ? u : null)],
            Native = native,
            Sysctl = _sysctl,
            Rctl = _rctl,
            Netstat = netstat,
            Options = options,
            Processes = new Lazy<ProcessTable>(() => new ProcessTable(
                KinfoProcLayout.ReadAll(_sysctl.Read(FreeBsdScan.KernProcProc)),
                jid => jid == 0 ? 0 : rowOfJid.GetValueOrDefault(jid, 0))),
            PageSize = new Lazy<long>(() => _sysctl.TryReadInteger("hw.pagesize")
                ?? throw new FreeBsdNativeException("sysctlbyname hw.pagesize", Errno.ENOENT)),
            HostLinks = new Lazy<IReadOnlyList<LinkInterfaceData>>(() => native.GetLinkInterfaces(out var links, out int errno) == 0
                ? links
                : throw new FreeBsdNativeException("getifaddrs", errno)),
        };
    }

    /// <summary>
    /// A restarted jail can still be dying under its old JID while the new one runs under the same name.
    /// Names are the identity of a row (and RACCT keeps one record per name, prison_racct_find), so
    /// only one jail per name is reported: the live one, else the newest dying one.
    /// </summary>
    private static List<JailRecord> OnePerName(IReadOnlyList<JailRecord> records) =>
        [.. records
            .GroupBy(r => r.Name, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.Dying).ThenByDescending(r => r.Jid).First())
            .OrderBy(r => r.Jid)];

    /// <summary>kern.racct.enable, read by its returned length: a 1-byte SYSCTL_BOOL on new kernels, a 4-byte u_int on old ones.</summary>
    private RacctState ProbeRacct() => _sysctl.TryReadInteger("kern.racct.enable") switch
    {
        null => RacctState.NotInKernel,
        0 => RacctState.Disabled,
        _ => RacctState.Enabled,
    };

    /// <summary>Reads every jail's usage; drops the jails that vanished; returns the state the kernel's answers imply.</summary>
    private RacctState ReadUsage(List<JailRecord> records, Dictionary<int, RacctRecord> usage, CancellationToken cancellationToken)
    {
        var vanished = new List<JailRecord>();
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_rctl.TryGetRacct("jail:" + record.Name, out string text, out int errno))
            {
                switch (errno)
                {
                    case Errno.ENOSYS: return RacctState.NoRctl;
                    case Errno.EPERM: return RacctState.Denied;
                    case Errno.ESRCH:
                        if (!_enumerator.Exists(record.Jid, record.Name)) vanished.Add(record);
                        continue;
                    default:
                        RacctProblems.Add($"rctl_get_racct jail:{record.Name}: {ErrnoNames.Describe(errno)}");
                        continue;
                }
            }

            RacctRecord parsed;
            try
            {
                parsed = RacctParser.Parse(text);
            }
            catch (FormatException e)
            {
                RacctProblems.Add($"rctl_get_racct jail:{record.Name}: {e.Message}");
                continue;
            }

            if (parsed.Known.Values.All(v => v == 0) && !_enumerator.Exists(record.Jid, record.Name))
            {
                vanished.Add(record);
                continue;
            }

            usage[record.Jid] = parsed;
        }

        records.RemoveAll(vanished.Contains);
        return RacctState.Enabled;
    }

    /// <summary>
    /// Row 0: the host (kern.hostname), or — run inside a jail (security.jail.jailed = 1) — the jail we
    /// run in, whose children jail_get lists and whose processes kern.proc reports with ki_jid 0.
    /// </summary>
    private JailInfo HostInfo()
    {
        var parameters = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (_sysctl.TryReadString("kern.osrelease") is { } release) parameters["osrelease"] = release;
        if (_sysctl.TryReadInteger("kern.osreldate") is { } reldate) parameters["osreldate"] = reldate.ToString(CultureInfo.InvariantCulture);
        parameters["jailed"] = Jailed ? "1" : "0";
        return JailInfo.Host(_sysctl.TryReadString("kern.hostname") ?? "") with { Parameters = parameters.ToImmutable() };
    }
}
