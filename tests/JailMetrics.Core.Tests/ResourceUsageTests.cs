using JailMetrics.Model;

namespace JailMetrics.Core.Tests;

public class ResourceUsageTests
{
    [Fact]
    public void Unmeasured_resources_are_absent_not_zero()
    {
        var usage = new ResourceUsage.Builder().Set(Resource.MemoryUse, 0).Build();

        Assert.Equal(0.0, usage[Resource.MemoryUse]);
        Assert.Null(usage[Resource.SwapUse]);
        Assert.False(usage.Has(Resource.SwapUse));
        Assert.Equal([Resource.MemoryUse], usage.Select(kv => kv.Key));
    }

    [Fact]
    public void Add_sums_per_process_figures_into_one()
    {
        var usage = new ResourceUsage.Builder()
            .Add(Resource.MaxProc, 1).Add(Resource.MaxProc, 1).Add(Resource.MaxProc, 1)
            .Build();

        Assert.Equal(3.0, usage[Resource.MaxProc]);
    }

    [Fact]
    public void Every_resource_has_its_rctl_name_and_round_trips()
    {
        Assert.Equal(Enum.GetValues<Resource>().Length, ResourceInfo.Count);
        foreach (var resource in Enum.GetValues<Resource>())
        {
            var info = ResourceInfo.Of(resource);
            Assert.Equal(resource, info.Resource);
            Assert.True(ResourceInfo.TryParse(info.RctlName, out var parsed));
            Assert.Equal(resource, parsed);
        }
        Assert.False(ResourceInfo.TryParse("nosuchresource", out _));
    }

    [Fact]
    public void With_replaces_values_and_leaves_the_original_alone()
    {
        var original = new ResourceUsage.Builder().Set(Resource.CpuTime, 5).Build();
        var derived = original.With([new(Resource.Pcpu, 12.5)]);

        Assert.Null(original[Resource.Pcpu]);
        Assert.Equal(12.5, derived[Resource.Pcpu]);
        Assert.Equal(5.0, derived[Resource.CpuTime]);
    }
}
