using JailMetrics.Testing;
using JailMetrics.Tests.Snmp;

namespace JailMetrics.Tests.Packaging;

/// <summary>
/// The release layouts packaging/publish.sh makes, built once per test run and shared by the tests of
/// <see cref="Collection"/>: the NativeAOT compile alone takes minutes on a small machine. Built on
/// first use, so a missing prerequisite (clang) fails the test that needs it, with its name.
/// </summary>
public sealed class PublishedDist : IDisposable
{
    public const string Collection = "published dist";

    private readonly string _dist = Directory.CreateTempSubdirectory("jailmetrics-dist-").FullName;
    private readonly Lazy<ToolResult> _publish;

    // The .NET SDK leaves two empty temporary directories per `dotnet publish` behind in TMPDIR: they are
    // made inside the layout directory instead, so Dispose removes them with it.
    public PublishedDist() =>
        _publish = new(() => ExternalTool.Run("bash", [PackagingPaths.PublishScript, _dist],
            new Dictionary<string, string> { ["TMPDIR"] = Directory.CreateDirectory(Path.Combine(_dist, ".tmp")).FullName },
            timeoutSeconds: 1800));

    /// <summary>The self-contained Linux layout (NativeAOT), published on first use.</summary>
    public string Linux => Layout("linux-x64");

    /// <summary>The portable FreeBSD layout (framework-dependent), published on first use.</summary>
    public string FreeBsd => Layout("freebsd");

    /// <summary>The Linux layout's native executable.</summary>
    public string NativeExecutable => Path.Combine(Linux, "jailmetrics");

    private string Layout(string suffix)
    {
        // NativeAOT links with clang: without it publish.sh fails, and the test must say why.
        Prerequisites.RequireCommand("clang");
        var publish = _publish.Value;
        Assert.True(publish.ExitCode == 0, publish.ToString());
        return Directory.GetDirectories(_dist, $"jailmetrics-*-{suffix}").Single();
    }

    public void Dispose() => Directory.Delete(_dist, recursive: true);
}

[CollectionDefinition(PublishedDist.Collection)]
public sealed class PublishedDistCollection : ICollectionFixture<PublishedDist>;
