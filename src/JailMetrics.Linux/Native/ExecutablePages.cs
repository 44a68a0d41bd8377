using static Tmds.Linux.LibC;

namespace JailMetrics.Linux.Native;

/// <summary>
/// Unmaps, once startup is over, the pages of the executable's read-only mappings (code, read-only data,
/// unwind tables) from this process, so that only the pages the running service touches again are
/// resident (issue 8).
/// </summary>
/// <remarks>
/// <para>Why: the NativeAOT executable is 16 MB and almost all of it was resident (RssFile 14.7 MiB),
/// although the sample cycle touches far less. Startup runs once through code and data the service never
/// needs again: the runtime rehydrates its type data (2.4 MiB read-only, bench/rss.sh --smaps) into
/// anonymous memory and never reads it again; configuration, dependency injection and Kestrel's setup run
/// once. And the kernel maps file pages in blocks: a read fault maps up to 64 KiB around the faulting
/// page (fault-around, mm/memory.c), and the page cache of a file written in one go holds large folios
/// that are mapped whole, so every touched page brings its neighbours.</para>
/// <para>What: madvise(MADV_DONTNEED) on each private mapping of the executable that is not writable and
/// holds no anonymous (copied-on-write) page. Such a mapping holds only the file's own bytes, so dropping
/// its page-table entries loses nothing: the next access maps the page again from the page cache (a minor
/// fault, no I/O while the page cache still has it), and it is counted in the resident set again. The
/// relocated read-only data (RELRO, mprotect-ed to read-only after the loader wrote it) holds anonymous
/// pages and is left alone; so is every writable mapping. The pages stay in the page cache, shared and
/// reclaimable like any file's; the figure this changes is this process's resident set.</para>
/// </remarks>
public static unsafe class ExecutablePages
{
    /// <summary>A range of the address space: start address and length in bytes.</summary>
    public readonly record struct Mapping(ulong Start, ulong Length);

    /// <summary>
    /// Drops the resident pages of the executable's read-only file mappings (see the remarks on the type).
    /// Returns the bytes that were resident in them, or -1 when /proc/self/smaps cannot be read.
    /// </summary>
    public static long ReleaseReadOnly()
    {
        string? executable = Environment.ProcessPath;
        if (executable is null) return -1;
        string smaps;
        try
        {
            smaps = File.ReadAllText("/proc/self/smaps");
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
        long released = 0;
        foreach (var (mapping, residentBytes) in Releasable(smaps, executable))
        {
            // Failure leaves the pages mapped, which is only the state before: nothing to report.
            if (madvise((void*)mapping.Start, (Tmds.Linux.size_t)(nuint)mapping.Length, MADV_DONTNEED) == 0) released += residentBytes;
        }
        return released;
    }

    /// <summary>
    /// The mappings of <paramref name="executable"/> in an smaps text (proc(5)) that may be dropped: private,
    /// not writable, no anonymous page; with the bytes resident in each.
    /// </summary>
    public static IEnumerable<(Mapping Mapping, long ResidentBytes)> Releasable(string smaps, string executable)
    {
        Mapping? current = null;
        long resident = 0, anonymous = 0;
        foreach (string line in smaps.Split('\n'))
        {
            if (IsHeader(line))
            {
                if (current is { } done && anonymous == 0) yield return (done, resident);
                current = ParseHeader(line, executable);
                resident = anonymous = 0;
            }
            else if (current is not null)
            {
                if (line.StartsWith("Rss:", StringComparison.Ordinal)) resident = Kilobytes(line) * 1024;
                else if (line.StartsWith("Anonymous:", StringComparison.Ordinal)) anonymous = Kilobytes(line);
            }
        }
        if (current is { } last && anonymous == 0) yield return (last, resident);
    }

    // "start-end perms offset dev inode [path]": the header of each mapping; the field lines are "Name: value".
    private static bool IsHeader(string line)
    {
        int space = line.IndexOf(' ');
        return space > 0 && line.AsSpan(0, space).Contains('-') && line[space - 1] != ':';
    }

    private static Mapping? ParseHeader(string line, string executable)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || fields[5].Trim() != executable) return null;
        string permissions = fields[1];
        if (permissions.Length != 4 || permissions[1] == 'w' || permissions[3] != 'p') return null;
        int dash = fields[0].IndexOf('-');
        ulong start = Convert.ToUInt64(fields[0][..dash], 16), end = Convert.ToUInt64(fields[0][(dash + 1)..], 16);
        return new Mapping(start, end - start);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
