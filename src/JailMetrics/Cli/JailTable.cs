using System.Globalization;
using JailMetrics.Model;

namespace JailMetrics.Service.Cli;

/// <summary>
/// One sample as a table a person reads, one row per jail (the host first), for <c>snapshot</c> and
/// <c>top</c>. A value the sample does not have is shown as <c>-</c>, never as 0, as on /metrics.
/// </summary>
internal static class JailTable
{
    private static readonly (string Title, int Width)[] Columns =
    [
        ("JID", 10), ("%CPU", 6), ("MEM", 7), ("VMEM", 7), ("PROCS", 5), ("THR", 5), ("FILES", 6), ("RX/s", 7), ("TX/s", 7),
    ];

    private const int MinNameWidth = 8;
    private const int MaxNameWidth = 32;

    /// <summary>The heading line and one line per jail, sorted by <paramref name="order"/>.</summary>
    public static IReadOnlyList<string> Render(Snapshot snapshot, JailSortOrder order)
    {
        var jails = JailSorting.Sort(snapshot.Jails, order).ToList();
        int nameWidth = Math.Clamp(jails.Select(j => j.Name.Length).DefaultIfEmpty(0).Max(), MinNameWidth, MaxNameWidth);
        var lines = new List<string>(jails.Count + 1) { Line(nameWidth, "NAME", [.. Columns.Select(c => c.Title)]) };
        foreach (var jail in jails)
        {
            lines.Add(Line(nameWidth, jail.Name,
            [
                jail.Info.Id.ToString(CultureInfo.InvariantCulture),
                Number(jail.Usage[Resource.Pcpu], "F1"),
                Bytes(jail.Usage[Resource.MemoryUse]),
                Bytes(jail.Usage[Resource.VMemoryUse]),
                Number(jail.Usage[Resource.MaxProc], "F0"),
                Number(jail.Usage[Resource.NThr], "F0"),
                Number(jail.Usage[Resource.OpenFiles], "F0"),
                Bytes(SumRates(jail, nic => nic.ReceiveBytesPerSecond)),
                Bytes(SumRates(jail, nic => nic.TransmitBytesPerSecond)),
            ]));
        }
        return lines;
    }

    /// <summary>Binary units as top(1) shows memory: 512, 48.3K, 1.2G …</summary>
    public static string Bytes(double? value)
    {
        if (value is not double v) return "-";
        string[] units = ["", "K", "M", "G", "T", "P"];
        int unit = 0;
        while (v >= 1024 && unit < units.Length - 1)
        {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F1", CultureInfo.InvariantCulture) + units[unit];
    }

    private static string Number(double? value, string format) =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static double? SumRates(JailSample jail, Func<InterfaceCounters, double?> rate)
    {
        double? sum = null;
        foreach (var nic in jail.Interfaces)
            if (rate(nic) is double r) sum = (sum ?? 0) + r;
        return sum;
    }

    private static string Line(int nameWidth, string name, string[] cells)
    {
        var line = new System.Text.StringBuilder();
        line.Append(name.Length > nameWidth ? name[..(nameWidth - 1)] + "~" : name.PadRight(nameWidth));
        for (int i = 0; i < cells.Length; i++) line.Append(' ').Append(cells[i].PadLeft(Columns[i].Width));
        return line.ToString();
    }
}
