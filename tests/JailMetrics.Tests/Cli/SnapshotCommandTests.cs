using System.Globalization;
using System.Text.Json;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Cli;

/// <summary><c>jailmetrics snapshot</c> run as a user runs it, checked against what the kernel says of a live sandbox jail.</summary>
public sealed class SnapshotCommandTests
{
    [Fact]
    public void Snapshot_json_has_the_sandbox_jail_with_its_kernel_identity_and_process_count()
    {
        var options = new SandboxOptions { Processes = 5, RssBytes = 24L << 20 };
        using var sandbox = Sandbox.Start(options);

        var (exitCode, stdout, stderr) = ServiceProcess.Run("snapshot", "--json");

        Assert.True(exitCode == 0, $"snapshot --json failed ({exitCode}): {stderr}");
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal("linux", root.GetProperty("platform").GetString());
        Assert.Equal(1.0, root.GetProperty("rateWindowSeconds").GetDouble());
        Assert.InRange(root.GetProperty("timestamp").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        var jails = root.GetProperty("jails").EnumerateArray().ToList();
        Assert.Equal(0, jails.Single(j => j.GetProperty("name").GetString() == "host").GetProperty("jid").GetInt64());
        var jail = jails.Single(j => j.GetProperty("name").GetString() == sandbox.Name);
        Assert.Equal(sandbox.PidNamespaceInode, jail.GetProperty("jid").GetInt64());
        Assert.Equal(sandbox.Name, jail.GetProperty("hostname").GetString());
        Assert.Equal("active", jail.GetProperty("state").GetString());
        Assert.Equal([sandbox.JailAddress!.ToString()], jail.GetProperty("ip4").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains(jail.GetProperty("interfaces").EnumerateArray(), i => i.GetProperty("name").GetString() == sandbox.JailInterface);

        var usage = jail.GetProperty("usage");
        // The processes the kernel has in the sandbox's PID namespace, counted independently.
        Assert.Equal(sandbox.Pids.Count, usage.GetProperty("maxproc").GetInt32());
        Assert.Equal(options.Processes, usage.GetProperty("maxproc").GetInt32());
        Assert.True(usage.GetProperty("memoryuse").GetDouble() >= options.RssBytes);
        Assert.True(usage.GetProperty("pcpu").GetDouble() >= 0, "pcpu is derived over the rate window");

        Assert.All(root.GetProperty("collectors").EnumerateArray(), c => Assert.False(string.IsNullOrEmpty(c.GetProperty("name").GetString())));
    }

    [Fact]
    public void Without_a_rate_window_the_rates_are_absent_rather_than_zero()
    {
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, Network = false });

        var (exitCode, stdout, stderr) = ServiceProcess.Run("snapshot", "--json", "--rate-window", "0");

        Assert.True(exitCode == 0, $"snapshot failed ({exitCode}): {stderr}");
        using var document = JsonDocument.Parse(stdout);
        var jail = document.RootElement.GetProperty("jails").EnumerateArray().Single(j => j.GetProperty("name").GetString() == sandbox.Name);
        Assert.False(jail.GetProperty("usage").TryGetProperty("pcpu", out _));
        Assert.True(jail.GetProperty("usage").TryGetProperty("cputime", out _));
    }

    [Fact]
    public void The_table_shows_the_host_first_and_a_row_for_the_sandbox()
    {
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 3, Network = false });

        var (exitCode, stdout, stderr) = ServiceProcess.Run("snapshot", "--sort", "procs");

        Assert.True(exitCode == 0, $"snapshot failed ({exitCode}): {stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME +JID +%CPU +MEM +VMEM +PROCS +THR +FILES +RX/s +TX/s$", lines[1]);
        Assert.StartsWith("host ", lines[2], StringComparison.Ordinal);
        string[] row = lines.Single(l => l.StartsWith(sandbox.Name + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(sandbox.PidNamespaceInode.ToString(CultureInfo.InvariantCulture), row[1]);
        Assert.Equal("3", row[5]);
        Assert.Matches(@"^\d+\.\dM$", row[3]);
    }

    [Fact]
    public void A_bad_sort_key_is_a_usage_error_naming_the_choices()
    {
        var (exitCode, _, stderr) = ServiceProcess.Run("snapshot", "--sort", "size");

        Assert.Equal(2, exitCode);
        Assert.Contains("--sort: 'size' is not a sort key; use one of cpu, mem, procs, name", stderr, StringComparison.Ordinal);
    }
}
