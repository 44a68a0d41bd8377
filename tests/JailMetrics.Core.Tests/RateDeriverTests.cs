using JailMetrics.Model;
using JailMetrics.Store;
using static JailMetrics.Core.Tests.TestSnapshots;

namespace JailMetrics.Core.Tests;

public class RateDeriverTests
{
    [Fact]
    public void Pcpu_is_cpu_seconds_per_second_in_percent()
    {
        var before = At(0, Jail("www", 7, (Resource.CpuTime, 10.0)));
        var after = At(10, Jail("www", 7, (Resource.CpuTime, 15.0)));

        var derived = RateDeriver.Derive(before, after);

        Assert.Equal(50.0, derived.Jails[0].Usage[Resource.Pcpu]!.Value, 6);
    }

    [Fact]
    public void Io_rates_come_from_cumulative_counters()
    {
        var before = At(0, Jail("db", 3, (Resource.IoReadBytes, 1000), (Resource.IoWriteOps, 10)));
        var after = At(2, Jail("db", 3, (Resource.IoReadBytes, 5000), (Resource.IoWriteOps, 30)));

        var usage = RateDeriver.Derive(before, after).Jails[0].Usage;

        Assert.Equal(2000.0, usage[Resource.ReadBps]!.Value, 6);
        Assert.Equal(10.0, usage[Resource.WriteIops]!.Value, 6);
        Assert.Null(usage[Resource.WriteBps]); // its counter was never measured
    }

    [Fact]
    public void A_rate_the_kernel_measured_is_kept()
    {
        var before = At(0, Jail("www", 7, (Resource.CpuTime, 10.0)));
        var after = At(10, Jail("www", 7, (Resource.CpuTime, 15.0), (Resource.Pcpu, 42)));

        Assert.Equal(42.0, RateDeriver.Derive(before, after).Jails[0].Usage[Resource.Pcpu]);
    }

    [Fact]
    public void A_restarted_jail_gets_no_rate_from_its_previous_incarnation()
    {
        var before = At(0, Jail("www", 7, (Resource.CpuTime, 100.0)));
        var after = At(10, Jail("www", 8, (Resource.CpuTime, 1.0)));

        Assert.Null(RateDeriver.Derive(before, after).Jails[0].Usage[Resource.Pcpu]);
    }

    [Fact]
    public void A_counter_that_went_backwards_gives_no_rate()
    {
        var before = At(0, Jail("www", 7, (Resource.IoReadBytes, 100.0)));
        var after = At(10, Jail("www", 7, (Resource.IoReadBytes, 50.0)));

        Assert.Null(RateDeriver.Derive(before, after).Jails[0].Usage[Resource.ReadBps]);
    }

    [Fact]
    public void Interface_byte_rates_match_by_interface_name()
    {
        var before = At(0, Jail("www", 7).WithInterfaces(Interface("eth0", 1000, 0), Interface("lo", 0, 0)));
        var after = At(4, Jail("www", 7).WithInterfaces(Interface("eth0", 5000, 400), Interface("eth1", 10, 10)));

        var interfaces = RateDeriver.Derive(before, after).Jails[0].Interfaces;

        Assert.Equal(1000.0, interfaces[0].ReceiveBytesPerSecond!.Value, 6);
        Assert.Equal(100.0, interfaces[0].TransmitBytesPerSecond!.Value, 6);
        Assert.Null(interfaces[1].ReceiveBytesPerSecond); // new interface: nothing to compare with
    }

    [Fact]
    public void The_first_sample_has_no_rates()
    {
        var after = At(10, Jail("www", 7, (Resource.CpuTime, 15.0)));

        Assert.Null(RateDeriver.Derive(Snapshot.Empty, after).Jails[0].Usage[Resource.Pcpu]);
    }
}
