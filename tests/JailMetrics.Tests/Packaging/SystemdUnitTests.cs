using JailMetrics.Tests.Snmp;

namespace JailMetrics.Tests.Packaging;

/// <summary>
/// rc.d/jailmetrics.service passes systemd-analyze verify (Debian package systemd) with nothing to
/// say, its Documentation= man page included, and carries the hardening the brief asks for.
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    // Where ExecStart= points; verify checks that it is an executable file.
    private const string InstalledProgram = "opt/jailmetrics/jailmetrics";

    private readonly string _root = Directory.CreateTempSubdirectory("jailmetrics-systemd-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// A file-system root for <c>systemd-analyze verify --root</c>: the host's own units (for the
    /// targets ours depends on), the unit installed, a stand-in program at ExecStart's path, and the
    /// man page on a MANPATH, so verify's "man jailmetrics(8)" check finds ours.
    /// </summary>
    private ToolResult Verify(string unitText)
    {
        string units = new[] { "/usr/lib/systemd/system", "/lib/systemd/system" }.First(d => File.Exists(Path.Combine(d, "sysinit.target")));
        CopyDirectory(units, Path.Combine(_root, "usr/lib/systemd/system"));
        string system = Directory.CreateDirectory(Path.Combine(_root, "etc/systemd/system")).FullName;
        File.WriteAllText(Path.Combine(system, "jailmetrics.service"), unitText);
        string program = Path.Combine(_root, InstalledProgram);
        Directory.CreateDirectory(Path.GetDirectoryName(program)!);
        File.WriteAllText(program, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string manPath = Directory.CreateDirectory(Path.Combine(_root, "man", "man8")).Parent!.FullName;
        File.Copy(PackagingPaths.ManPage, Path.Combine(manPath, "man8", "jailmetrics.8"), overwrite: true);

        return ExternalTool.Run("systemd-analyze", ["verify", $"--root={_root}", "jailmetrics.service"],
            new Dictionary<string, string> { ["MANPATH"] = manPath });
    }

    [Fact]
    public void Systemd_analyze_verify_finds_nothing_to_report()
    {
        var result = Verify(File.ReadAllText(PackagingPaths.SystemdUnit));

        Assert.True(result.ExitCode == 0 && result.Stdout.Trim().Length == 0 && result.Stderr.Trim().Length == 0, result.ToString());
    }

    [Fact]
    public void Systemd_analyze_verify_reports_a_broken_unit()
    {
        // Proves the check above can fail: verify only warns (exit 0) on a bad value, so its output counts.
        string broken = File.ReadAllText(PackagingPaths.SystemdUnit).Replace("Type=notify", "Type=notfy", StringComparison.Ordinal);

        var result = Verify(broken);

        Assert.Contains("Failed to parse service type", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Type=notify")]
    [InlineData("NoNewPrivileges=yes")]
    [InlineData("ProtectSystem=strict")]
    [InlineData("ProtectHome=yes")]
    [InlineData("PrivateTmp=yes")]
    [InlineData("StateDirectory=jailmetrics")]
    [InlineData("Documentation=man:jailmetrics(8)")]
    [InlineData("RestartPreventExitStatus=2")]
    public void The_unit_sets(string line) =>
        Assert.Contains(line, File.ReadAllLines(PackagingPaths.SystemdUnit));

    [Fact]
    public void The_capability_bounding_set_holds_what_reading_other_namespaces_and_writing_cgroups_needs()
    {
        string set = File.ReadAllLines(PackagingPaths.SystemdUnit).Single(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal));

        Assert.All(new[] { "CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_DAC_READ_SEARCH", "CAP_DAC_OVERRIDE" },
            capability => Assert.Contains(capability, set.Split('=', ' ')));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            string target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is not null) File.CreateSymbolicLink(target, entry.LinkTarget);
            else if (entry is DirectoryInfo) CopyDirectory(entry.FullName, target);
            else File.Copy(entry.FullName, target);
        }
    }
}
