using System.Buffers.Text;
using JailMetrics.Linux.Namespaces;

namespace JailMetrics.Linux.Parsing;

/// <summary>
/// Parses /proc/sysvipc/{shm,sem,msg}. Columns are found by their header names (the kernel has added
/// columns over time), so any kernel's layout parses. Segment sizes are summed in whole pages, as
/// the live reader's SHM_INFO total and FreeBSD's RACCT shmsize count them (see <see cref="Native.SysvIpcTotals"/>).
/// </summary>
internal static class SysvIpcParser
{
    public static IpcUsage Parse(ReadOnlySpan<byte> shm, ReadOnlySpan<byte> sem, ReadOnlySpan<byte> msg)
    {
        var (nshm, shmBytes, _) = SumColumns(shm, "size"u8, default, roundUp1: Environment.SystemPageSize);
        var (_, nsems, _) = SumColumns(sem, "nsems"u8, default);
        var (nmsgq, cbytes, qnum) = SumColumns(msg, "cbytes"u8, "qnum"u8);
        return new IpcUsage(nshm, shmBytes, nsems, nmsgq, cbytes, qnum);
    }

    /// <summary>Counts the data rows and sums two named columns, each value of the first rounded up to a multiple of <paramref name="roundUp1"/>.</summary>
    internal static (long Rows, long Sum1, long Sum2) SumColumns(ReadOnlySpan<byte> text, ReadOnlySpan<byte> column1, ReadOnlySpan<byte> column2, long roundUp1 = 1)
    {
        int nl = text.IndexOf((byte)'\n');
        if (nl < 0) return default;
        int c1 = ColumnIndex(text[..nl], column1);
        int c2 = column2.IsEmpty ? -1 : ColumnIndex(text[..nl], column2);
        if (c1 < 0 || (!column2.IsEmpty && c2 < 0)) throw new FormatException("unexpected /proc/sysvipc header");
        text = text[(nl + 1)..];
        long rows = 0, sum1 = 0, sum2 = 0;
        while (!text.IsEmpty)
        {
            nl = text.IndexOf((byte)'\n');
            var line = nl < 0 ? text : text[..nl];
            text = nl < 0 ? default : text[(nl + 1)..];
            if (line.Trim(" \t"u8).IsEmpty) continue;
            rows++;
            int index = 0;
            foreach (var range in line.SplitAny(" \t"u8))
            {
                var token = line[range];
                if (token.IsEmpty) continue;
                if (index == c1 && Utf8Parser.TryParse(token, out long v1, out _)) sum1 += (v1 + roundUp1 - 1) / roundUp1 * roundUp1;
                if (index == c2 && Utf8Parser.TryParse(token, out long v2, out _)) sum2 += v2;
                index++;
            }
        }
        return (rows, sum1, sum2);
    }

    private static int ColumnIndex(ReadOnlySpan<byte> header, ReadOnlySpan<byte> name)
    {
        int index = 0;
        foreach (var range in header.SplitAny(" \t"u8))
        {
            var token = header[range];
            if (token.IsEmpty) continue;
            if (token.SequenceEqual(name)) return index;
            index++;
        }
        return -1;
    }
}
