using System.Text.Json.Nodes;
using JailMetrics.Tests.Snmp;

namespace JailMetrics.Tests.Packaging;

/// <summary>
/// packaging/publish.sh makes a self-contained Linux build, one native executable compiled ahead of
/// time (NativeAOT) that runs without an installed .NET, and a portable framework-dependent build for
/// FreeBSD (no native launcher) that the dotnet host runs. <see cref="NativeAotTests"/> runs the Linux one for real.
/// </summary>
[Collection(PublishedDist.Collection)]
public sealed class PublishTests(PublishedDist dist)
{
    [Fact]
    public void Publish_makes_a_native_linux_build_and_a_portable_freebsd_build()
    {
        string linux = dist.Linux;
        string freebsd = dist.FreeBsd;
        Assert.True(File.Exists(linux + ".tar.gz") && File.Exists(freebsd + ".tar.gz"));

        // NativeAOT: one ELF executable, no runtime, no IL beside it; it runs with no dotnet on PATH and no DOTNET_ROOT.
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], File.ReadAllBytes(dist.NativeExecutable)[..4]);
        Assert.Empty(Directory.GetFiles(linux, "*.dll"));
        Assert.False(File.Exists(Path.Combine(linux, "libcoreclr.so")));
        var version = ExternalTool.Run(dist.NativeExecutable, ["--version"],
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["DOTNET_ROOT"] = "/nonexistent" });
        Assert.True(version.ExitCode == 0 && version.Stdout.StartsWith("0.", StringComparison.Ordinal), version.ToString());
        Assert.True(File.Exists(Path.Combine(linux, "rc.d", "jailmetrics.service")));
        Assert.True(File.Exists(Path.Combine(linux, "share", "man", "man8", "jailmetrics.8")));

        // Portable: no launcher, no runtime; both shared frameworks named for the FreeBSD dotnet host.
        Assert.False(File.Exists(Path.Combine(freebsd, "jailmetrics")));
        Assert.False(File.Exists(Path.Combine(freebsd, "libcoreclr.so")));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(freebsd, "jailmetrics.runtimeconfig.json")))!;
        Assert.Equal(["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"],
            config["runtimeOptions"]!["frameworks"]!.AsArray().Select(f => (string)f!["name"]!).ToArray());
        var portable = ExternalTool.Run("dotnet", [Path.Combine(freebsd, "jailmetrics.dll"), "--version"]);
        Assert.Equal(version.Stdout, portable.Stdout);
        Assert.True(File.Exists(Path.Combine(freebsd, "rc.d", "jailmetrics")));
        Assert.True(File.Exists(Path.Combine(freebsd, "share", "jailmetrics", "mibs", "JAILMETRICS-MIB.txt")));
    }
}
