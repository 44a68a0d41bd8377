using JailMetrics.Tests.Snmp;

namespace JailMetrics.Tests.Packaging;

public static class PackagingPaths
{
    public static string SystemdUnit => Path.Combine(RepositoryPaths.Root, "rc.d", "jailmetrics.service");

    public static string ManPage => Path.Combine(RepositoryPaths.Root, "man", "jailmetrics.8");

    public static string PublishScript => Path.Combine(RepositoryPaths.Root, "packaging", "publish.sh");
}
