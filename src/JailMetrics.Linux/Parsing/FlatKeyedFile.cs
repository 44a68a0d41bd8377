using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace JailMetrics.Linux.Parsing;

/// <summary>
/// Reads the cgroup "flat keyed" files, one <c>KEY VALUE</c> pair a line (memory.events, pids.events,
/// v1 memory.oom_control; Documentation/admin-guide/cgroup-v2.rst, "Interface Files"), and single-value
/// files (cpuacct.usage, memory.failcnt), from their bytes: no string per line (issue 8).
/// </summary>
internal static class FlatKeyedFile
{
    /// <summary>The value of <paramref name="key"/>; null when the file has no such line or its value is not a number.</summary>
    public static ulong? Value(ReadOnlySpan<byte> content, ReadOnlySpan<byte> key)
    {
        foreach (var range in content.Split((byte)'\n'))
        {
            var line = content[range].Trim(Whitespace);
            int space = line.IndexOf((byte)' ');
            if (space < 0 || !line[..space].SequenceEqual(key)) continue;
            return TryParse(line[(space + 1)..].Trim(Whitespace), out ulong value) ? value : null;
        }
        return null;
    }

    /// <summary>A file holding one number (surrounding whitespace allowed); <see cref="FormatException"/> when it is not one.</summary>
    public static ulong Single(ReadOnlySpan<byte> content)
    {
        var digits = content.Trim(Whitespace);
        return TryParse(digits, out ulong value) ? value
            : throw new FormatException($"not a number: '{Encoding.UTF8.GetString(digits)}'");
    }

    /// <summary>Digits only, as ulong.TryParse with NumberStyles.None takes them (no sign, no spaces; false on overflow).</summary>
    public static bool TryParse(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        if (digits.IsEmpty) return false;
        foreach (byte b in digits)
            if ((uint)(b - '0') > 9) return false;
        return Utf8Parser.TryParse(digits, out value, out int used) && used == digits.Length;
    }

    /// <summary>The ASCII whitespace string.Trim() removes.</summary>
    public static ReadOnlySpan<byte> Whitespace => " \t\n\v\f\r"u8;
}
