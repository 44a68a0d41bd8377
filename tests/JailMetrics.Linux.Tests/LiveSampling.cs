using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>Sampling helpers of the live sandbox tests: a sample whose collectors all succeeded, and a jail that must be in it.</summary>
internal static class LiveSampling
{
    public static Snapshot Sample(LinuxJailSource source)
    {
        var snapshot = source.Sample(CancellationToken.None);
        Assert.All(snapshot.Collectors, c => Assert.True(c.Success, $"collector {c.Name} failed: {c.Error}"));
        return snapshot;
    }

    public static JailSample Find(Snapshot snapshot, string name) => snapshot.Find(name) ?? throw new Xunit.Sdk.XunitException(
        $"jail {name} not found; jails: {string.Join(", ", snapshot.Jails.Select(j => j.Name))}");
}
