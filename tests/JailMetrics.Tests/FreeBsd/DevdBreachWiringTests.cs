using System.Net.Sockets;
using System.Text;
using JailMetrics.FreeBsd;
using JailMetrics.FreeBsd.Devd;
using JailMetrics.Model;
using JailMetrics.Service.Hosting;
using JailMetrics.Service.Prometheus;
using JailMetrics.Snmp.Mib;
using JailMetrics.Tests.Snmp;
using JailMetrics.Testing.FreeBsd;
using JailMetrics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace JailMetrics.Tests.FreeBsd;

/// <summary>
/// The FreeBSD breach wiring, where FreeBSD is not: the services <see cref="JailSources.AddFreeBsdBreachEvents"/>
/// registers listen on a real seqpacket socket standing in for /var/run/devd.seqpacket.pipe, and the
/// RCTL events sent there become the FreeBSD source's breach counts, in /metrics and jmJailBreachTable.
/// </summary>
public sealed class DevdBreachWiringTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("jm-devd-wiring-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Devd_RCTL_events_become_the_FreeBSD_samples_breach_counts()
    {
        string path = Path.Combine(_directory, "devd.seqpacket.pipe");
        using var devd = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        devd.Bind(new UnixDomainSocketEndPoint(path));
        devd.Listen(1);

        var services = new ServiceCollection().AddLogging();
        JailSources.AddFreeBsdBreachEvents(services, new DevdEventReaderOptions { SeqpacketPath = path, StreamPath = path + ".none" });
        await using var provider = services.BuildServiceProvider();
        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        Assert.IsType<DevdBreachService>(hosted);
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            using var cancel = new CancellationTokenSource(Patience);
            using var client = await devd.AcceptAsync(cancel.Token);
            foreach (string line in new[]
            {
                "!system=RCTL subsystem=rule type=matched rule=jail:web:memoryuse:devctl=1073741824 pid=812 ruid=80 jail=web\n",
                "!system=RCTL subsystem=rule type=matched rule=jail:web:memoryuse:devctl=1073741824 pid=813 ruid=80 jail=web\n",
                "!system=RCTL subsystem=rule type=matched rule=jail:web:maxproc:devctl=100 pid=90 ruid=0 jail=web.php\n",
                "!system=IFNET subsystem=em0 type=LINK_UP\n",
            })
                await client.SendAsync(Encoding.UTF8.GetBytes(line), SocketFlags.None);

            var reader = provider.GetRequiredService<DevdEventReader>();
            var deadline = DateTime.UtcNow + Patience;
            while (reader.Counts.Count("web.php", Resource.MaxProc) < 1 && DateTime.UtcNow < deadline) await Task.Delay(20);

            var source = new FreeBsdJailSource(FreeBsdScenario.Create(racct: true), FreeBsdScenario.Netstat(), breaches: reader.Counts);
            var snapshot = source.Sample(CancellationToken.None);

            Assert.True(snapshot.Collectors.Single(c => c.Name == "breaches").Success);
            Assert.Equal([new LimitBreach(Resource.MemoryUse, 2)], snapshot.Find("web")!.Breaches.ToArray());
            Assert.Equal([new LimitBreach(Resource.MaxProc, 1)], snapshot.Find("web.php")!.Breaches.ToArray());
            Assert.Empty(snapshot.Find("old")!.Breaches);

            var view = new PrometheusView(Metrics.NewCustomRegistry(), new BuildInfo("0.1.0", "test", ".NET 10.0.0", "freebsd-x64"));
            view.OnSnapshot(snapshot);
            var scrape = await Exposition.ScrapeAsync(view);
            Assert.Equal(2, scrape.Of("jail_limit_breaches_total").Single(s => s["name"] == "web" && s["resource"] == "memoryuse").Value);
            Assert.Empty(scrape.Of("jail_limit_kills_total")); // FreeBSD counts no kills

            using var mib = new BindingFixture();
            mib.Publish(snapshot);
            Assert.Equal(SnmpValue.Counter64(1), mib.Get("jmJailBreachCount", (uint)mib.IndexOf("web.php"), 8)); // maxproc(8)
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }
}
