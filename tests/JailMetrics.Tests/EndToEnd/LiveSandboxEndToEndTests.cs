using System.Globalization;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.EndToEnd;

/// <summary>
/// The whole pipeline for real: a sandbox jail made with unshare inside its own cgroup, the built
/// service sampling this machine, /metrics scraped over HTTP and checked against what /proc says
/// for the same pids, the page accepted by promtool, and the jail gone after the sandbox exits.
/// </summary>
public sealed class LiveSandboxEndToEndTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-e2e-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task A_sandbox_jail_is_served_on_metrics_with_what_the_kernel_says_and_vanishes_after_it_exits()
    {
        Prerequisites.RequireRoot();
        var options = new SandboxOptions { Processes = 4, ExtraOpenFiles = 7, RssBytes = 48L << 20, ShmBytes = 3L << 20 };
        int port = ServiceProcess.FreePort();
        string metricsUrl = $"http://127.0.0.1:{port}/metrics";
        using var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{port}", "--state.directory", _stateDirectory, "--sampling.interval", "1s"]);
        var sandbox = Sandbox.Start(options);
        try
        {
            await service.WaitUntilServingAsync(_http, metricsUrl, Patience);
            sandbox.SendUdp(100, 200);
            var kernel = KernelView.Read(sandbox);

            // Wait for a sample taken after the traffic, so the counters include it.
            var scrape = await ScrapeUntilAsync(metricsUrl, s =>
                s.Of("jail_network_receive_packets_total").Any(x => x["name"] == sandbox.Name && x["interface"] == sandbox.JailInterface && x.Value >= kernel.JailRxPackets));

            var info = Assert.Single(scrape.Of("jail_info"), s => s["name"] == sandbox.Name);
            Assert.Equal(sandbox.PidNamespaceInode.ToString(CultureInfo.InvariantCulture), info["jid"]);
            Assert.Equal(sandbox.Name, info["hostname"]);
            Assert.Equal("active", info["state"]);
            Assert.Equal(sandbox.JailAddress!.ToString(), info["ip4"]);
            Assert.Equal(sandbox.PidNamespaceInode, scrape.Value("jail_id", sandbox.Name));

            // Counts are exact: the workload is idle once ready.
            Assert.Equal(options.Processes, scrape.Value("jail_maxproc", sandbox.Name));
            Assert.Equal(kernel.Threads, scrape.Value("jail_nthr", sandbox.Name));
            Assert.Equal(kernel.OpenFiles, scrape.Value("jail_openfiles", sandbox.Name));
            Assert.Equal(1, scrape.Value("jail_nshm", sandbox.Name));
            Assert.Equal(options.ShmBytes, scrape.Value("jail_shmsize_bytes", sandbox.Name));

            // RSS moves by a few pages between our /proc read and the service's (page-table and
            // libc bookkeeping), so 5 % is generous for a 48 MiB workload and still catches a unit error.
            Assert.InRange(scrape.Value("jail_memoryuse_bytes", sandbox.Name), kernel.RssBytes * 0.95, kernel.RssBytes * 1.05);
            Assert.True(scrape.Value("jail_memoryuse_bytes", sandbox.Name) >= options.RssBytes);

            // The kernel's own interface counters, read from the jail's netns; the service sampled
            // after our read, and nothing else talks on this veth (no ARP, no IPv6), so they are equal.
            var rx = Assert.Single(scrape.Of("jail_network_receive_packets_total"), s => s["name"] == sandbox.Name && s["interface"] == sandbox.JailInterface);
            Assert.Equal(kernel.JailRxPackets, rx.Value);
            var rxBytes = Assert.Single(scrape.Of("jail_network_receive_bytes_total"), s => s["name"] == sandbox.Name && s["interface"] == sandbox.JailInterface);
            Assert.Equal(kernel.JailRxBytes, rxBytes.Value);

            Assert.True(scrape.Value("jail_cputime_seconds_total", sandbox.Name) > 0);
            Assert.True(scrape.Value("jail_filesystem_size_bytes", sandbox.Name) > 0);

            var (exitCode, output) = Promtool.CheckMetrics(scrape.Text);
            Assert.True(exitCode == 0, $"promtool check metrics rejected the page:\n{output}");
        }
        finally
        {
            sandbox.Dispose();
        }

        var after = await ScrapeUntilAsync(metricsUrl, s => s.Find("jail_id", sandbox.Name) is null);
        Assert.DoesNotContain(after.Samples, s => s["name"] == sandbox.Name);
    }

    private Task<Exposition> ScrapeUntilAsync(string url, Func<Exposition, bool> done) =>
        Exposition.ScrapeUntilAsync(_http, url, done, Patience);

    /// <summary>What /proc says about the sandbox's processes, read independently of the service.</summary>
    private sealed record KernelView(long RssBytes, int Threads, int OpenFiles, long JailRxPackets, long JailRxBytes)
    {
        public static KernelView Read(Sandbox sandbox)
        {
            long rss = 0;
            int threads = 0, files = 0;
            foreach (int pid in sandbox.Pids)
            {
                foreach (string line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss += Kilobytes(line) * 1024;
                    else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads += int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
                }
                files += Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
            }
            string devLine = File.ReadLines($"/proc/{sandbox.InitPid}/net/dev").Single(l => l.TrimStart().StartsWith(sandbox.JailInterface + ":", StringComparison.Ordinal));
            string[] fields = devLine[(devLine.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new KernelView(rss, threads, files,
                long.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[0], CultureInfo.InvariantCulture));
        }

        private static long Kilobytes(string statusLine) =>
            long.Parse(statusLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
