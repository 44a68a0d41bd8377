namespace JailMetrics.Linux.Enforcement;

/// <summary>
/// One limit knob in a cgroup directory: a whole file (<c>pids.max</c>, <c>memory.max</c>, <c>cpu.max</c>,
/// <c>cpu.cfs_quota_us</c>, <c>memory.limit_in_bytes</c>) or, for v2 <c>io.max</c>, one key of one
/// device's line (<c>8:0 rbps=…</c>). Values are kept as the kernel prints them so that a restore
/// writes back exactly what was read.
/// </summary>
public sealed record CgroupSetting(string Controller, string File, string? Device = null, string? Key = null)
{
    /// <summary>The knob as an operator would name it: <c>pids.max</c> or <c>io.max[8:0 rbps]</c>.</summary>
    public override string ToString() => Device is null ? File : $"{File}[{Device} {Key}]";

    /// <summary>The current value, trimmed; null when the file does not exist.</summary>
    public string? Read(string directory)
    {
        string? text = ReadText(Path.Combine(directory, File));
        if (text is null || Device is null) return text?.Trim();
        // io.max lists only devices with a limit; an absent line or key means "max" (unlimited).
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0] != Device) continue;
            foreach (string field in fields.Skip(1))
                if (field.StartsWith(Key + "=", StringComparison.Ordinal)) return field[(Key!.Length + 1)..];
        }
        return "max";
    }

    /// <summary>Writes <paramref name="value"/> in the form the kernel expects for this knob.</summary>
    public void Write(string directory, string value)
    {
        string text = Device is null ? value : $"{Device} {Key}={value}";
        // Truncate-and-write with one write(2): cgroup files take one value per write.
        System.IO.File.WriteAllText(Path.Combine(directory, File), text + "\n");
    }

    /// <summary>
    /// True when <paramref name="value"/> means "no limit": "max" in v2 (cpu.max "max PERIOD"), -1 for
    /// v1 cfs quota, and for v1 memory the page-rounded LONG_MAX the kernel prints when unlimited.
    /// </summary>
    public static bool IsUnlimited(string value)
    {
        string first = value.Split(' ', 2)[0];
        if (first == "max" || first == "-1") return true;
        return long.TryParse(first, out long n) && n >= long.MaxValue - 65535;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
