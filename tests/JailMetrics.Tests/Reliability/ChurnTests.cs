using System.Security.Cryptography;
using JailMetrics.Testing;
using Xunit.Abstractions;

namespace JailMetrics.Tests.Reliability;

/// <summary>
/// Jails that come and go while the service samples every 100 ms: cgroup and /proc files vanish in
/// the middle of samples. Nothing may throw; once a jail is gone neither /metrics nor the SNMP jail
/// table keeps it; a name that comes back gets the index it had (ifIndex style, JAILMETRICS-MIB).
/// </summary>
public sealed class ChurnTests(ITestOutputHelper output) : IDisposable
{
    private const int Names = 6;
    private const int Workers = 3;

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-churn-").FullName;

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    [Fact]
    public async Task Jails_created_and_destroyed_while_sampling_leave_no_stale_series_or_rows_and_keep_their_indexes()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("snmpbulkwalk");
        int cycles = ReliabilityMode.Pick(60, 1000);
        // "jmtest-" keeps the harness's leftover sweep able to find them; the random part keeps
        // concurrent runs apart.
        string prefix = $"jmtest-churn{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}-";
        string[] names = [.. Enumerable.Range(0, Names).Select(i => prefix + i)];

        using var service = await ReliabilityService.StartAsync(_stateDirectory, "100ms");

        // First appearance of every name: its index, as the SNMP table gives it.
        Dictionary<string, int> firstIndexes;
        var all = names.Select(Cheap).ToList();
        try
        {
            await service.ScrapeUntilAsync(s => names.All(n => s.Find("jail_id", n) is not null), "every churn jail");
            firstIndexes = service.SnmpJailIndexes().Where(p => names.Contains(p.Key)).ToDictionary();
            Assert.Equal(Names, firstIndexes.Count);
        }
        finally
        {
            all.ForEach(s => s.Dispose());
        }

        // The churn: workers each take names in turn, start a jail under it and destroy it again.
        int next = -1;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() =>
        {
            int cycle;
            while ((cycle = Interlocked.Increment(ref next)) < cycles)
            {
                using Sandbox sandbox = Cheap(names[w + Workers * (cycle % (Names / Workers))]);
            }
        })).ToArray();
        await Task.WhenAll(workers);

        // Gone: nothing of the names in the exposition or in the table.
        var after = await service.ScrapeUntilAsync(s => !s.Samples.Any(x => x["name"]?.StartsWith(prefix, StringComparison.Ordinal) == true),
            "the churn jails gone");
        Assert.DoesNotContain(service.SnmpJailIndexes().Keys, n => n.StartsWith(prefix, StringComparison.Ordinal));
        Assert.All(after.Of("jailmetrics_collector_success"), s => Assert.Equal(1, s.Value));

        // Back: the same names get the same indexes.
        var returned = names.Select(Cheap).ToList();
        try
        {
            await service.ScrapeUntilAsync(s => names.All(n => s.Find("jail_id", n) is not null), "the returning jails");
            var indexes = service.SnmpJailIndexes();
            foreach (string name in names) Assert.Equal(firstIndexes[name], indexes[name]);
        }
        finally
        {
            returned.ForEach(s => s.Dispose());
        }

        string[] collectorWarnings = [.. service.Log.Split('\n').Where(l => l.Contains("warn:", StringComparison.Ordinal))];
        output.WriteLine($"mode {ReliabilityMode.Name}: {cycles} create/destroy cycles over {Names} names, {Workers} at a time, sampling every 100 ms");
        output.WriteLine($"indexes kept: {string.Join(", ", firstIndexes.Select(p => $"{p.Key}={p.Value}"))}");
        output.WriteLine($"warnings in the service log: {collectorWarnings.Length}");
        foreach (string line in collectorWarnings.Take(10)) output.WriteLine("  " + line);
        // A jail vanishing mid-sample drops that jail's figures, never a whole collector.
        Assert.DoesNotContain(collectorWarnings, l => l.Contains("Collector", StringComparison.Ordinal));
        Assert.Empty(service.FailureLines());
        Assert.False(service.Process.HasExited);
    }

    // The cheapest jail that still is one: own PID namespace and cgroup, one idle process.
    private static Sandbox Cheap(string name) =>
        Sandbox.Start(new SandboxOptions { Name = name, Processes = 1, ExtraOpenFiles = 0, RssBytes = 0, ShmBytes = 0, Network = false });
}
