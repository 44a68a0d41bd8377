using System.Globalization;

namespace JailMetrics.Linux.Parsing;

/// <summary>
/// Reads the cgroup "flat keyed" files, one <c>KEY VALUE</c> pair a line (memory.events, pids.events,
/// v1 memory.oom_control; Documentation/admin-guide/cgroup-v2.rst, "Interface Files").
/// </summary>
internal static class FlatKeyedFile
{
    /// <summary>The value of <paramref name="key"/>; null when the file has no such line or its value is not a number.</summary>
    public static ulong? Value(string content, string key)
    {
        foreach (var raw in content.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            int space = line.IndexOf(' ');
            if (space < 0 || !line[..space].SequenceEqual(key)) continue;
            return ulong.TryParse(line[(space + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;
        }
        return null;
    }
}
