using System.Globalization;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>The few /proc facts the harness needs. Every method tolerates the process vanishing meanwhile.</summary>
internal static class ProcFs
{
    // Field numbers of /proc/PID/stat, as proc(5) counts them.
    private const int StateField = 3;
    private const int ParentPidField = 4;
    private const int StartTimeField = 22;

    /// <summary>The inode of namespace <paramref name="kind"/> ("pid", "net", "ipc", …) of a process; null when it is gone.</summary>
    public static long? NamespaceInode(int pid, string kind)
    {
        // The link target reads "pid:[4026531836]".
        string? target = ReadLink($"/proc/{pid}/ns/{kind}");
        if (target is null) return null;
        int open = target.IndexOf('[', StringComparison.Ordinal);
        int close = target.IndexOf(']', StringComparison.Ordinal);
        if (open < 0 || close <= open) throw new FormatException($"unexpected namespace link '{target}' of process {pid}");
        return long.Parse(target.AsSpan(open + 1, close - open - 1), CultureInfo.InvariantCulture);
    }

    /// <summary>Host PIDs of the processes whose PID namespace has inode <paramref name="namespaceInode"/>, ascending.</summary>
    public static IReadOnlyList<int> ProcessesInPidNamespace(long namespaceInode) =>
        AllPids().Where(pid => NamespaceInode(pid, "pid") == namespaceInode).Order().ToList();

    /// <summary>
    /// When the process started, in clock ticks since boot. A PID plus its start time names a process
    /// unambiguously even after the PID is reused. Null when the process is gone.
    /// </summary>
    public static long? StartTime(int pid) => StatField(pid, StartTimeField);

    /// <summary>
    /// Whether the process <paramref name="pid"/> that started at <paramref name="startTime"/> still runs.
    /// A zombie does not: a killed process whose parent is slow to reap it keeps its /proc entry.
    /// </summary>
    public static bool IsRunning(int pid, long startTime)
    {
        string[]? stat = StatFields(pid);
        if (stat is null) return false;
        bool exited = Field(stat, StateField) is "Z" or "X";
        return !exited && long.Parse(Field(stat, StartTimeField), CultureInfo.InvariantCulture) == startTime;
    }

    /// <summary>The children of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        // The "children" file needs CONFIG_PROC_CHILDREN; scanning every parent PID works everywhere.
        string? listed = ReadText($"/proc/{pid}/task/{pid}/children");
        if (listed is not null)
        {
            return listed.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(child => int.Parse(child, CultureInfo.InvariantCulture)).ToList();
        }
        return AllPids().Where(candidate => StatField(candidate, ParentPidField) == pid).ToList();
    }

    public static IEnumerable<int> AllPids()
    {
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) yield return pid;
        }
    }

    private static long? StatField(int pid, int field) =>
        StatFields(pid) is { } stat ? long.Parse(Field(stat, field), CultureInfo.InvariantCulture) : null;

    // The fields of /proc/PID/stat from the third (state) on. The command name (field 2) may contain
    // spaces and parentheses, so splitting starts after its last ')'.
    private static string[]? StatFields(int pid)
    {
        string? stat = ReadText($"/proc/{pid}/stat");
        return stat?[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    // Fields are numbered from 1 as in proc(5).
    private static string Field(string[] fromState, int field) => fromState[field - StateField];

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
