using System.Reflection;
using JailMetrics.Linux;
using JailMetrics.Linux.Namespaces;
using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// A private copy of a checked-in fixture tree (Fixtures/v2, Fixtures/v1; see Fixtures/generate.py),
/// symlinks preserved, so a test may break a file without touching the others.
/// </summary>
public sealed class FixtureTree : IDisposable
{
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_001_000);

    private FixtureTree(string root) => Root = root;

    public string Root { get; }
    public string ProcRoot => Path.Combine(Root, "proc");
    public string SysRoot => Path.Combine(Root, "sys");

    public static FixtureTree Copy(string name)
    {
        string source = Path.Combine(SourceRoot, name);
        Assert.True(Directory.Exists(source), $"fixture tree {source} is missing");
        string target = Path.Combine(Path.GetTempPath(), $"jm-fixture-{name}-{Guid.NewGuid():N}");
        CopyTree(source, target);
        return new FixtureTree(target);
    }

    public LinuxJailSource Source(Dictionary<string, string>? names = null, int? maxKeptFiles = null) =>
        new(new LinuxSourceOptions { ProcRoot = ProcRoot, SysRoot = SysRoot, Names = names ?? new(StringComparer.Ordinal), MaxKeptFiles = maxKeptFiles },
            new DirectoryNamespaceReader(Path.Combine(Root, "ns")),
            new DirectoryFilesystemStats(Path.Combine(Root, "ns")),
            time: new FixedTime(Now));

    public Snapshot Sample(Dictionary<string, string>? names = null) => Source(names).Sample(CancellationToken.None);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }

    private static string SourceRoot =>
        typeof(FixtureTree).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FixtureRoot").Value!;

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            string dest = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(dest, link);
            else if (entry is DirectoryInfo) CopyTree(entry.FullName, dest);
            else File.Copy(entry.FullName, dest);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
