using System.Reflection;
using System.Runtime.InteropServices;

namespace JailMetrics.Service.Prometheus;

/// <summary>What <c>jailmetrics_build_info</c> and <c>--version</c> say about this build.</summary>
public sealed record BuildInfo(string Version, string Revision, string Runtime, string Platform)
{
    /// <summary>This process: the informational version is <c>version+commit</c> when the SDK knew the git commit.</summary>
    public static BuildInfo Current { get; } = FromAssembly(typeof(BuildInfo).Assembly);

    public static BuildInfo FromAssembly(Assembly assembly)
    {
        string informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        string version = plus < 0 ? informational : informational[..plus];
        string revision = plus < 0 ? "unknown" : informational[(plus + 1)..];
        return new BuildInfo(version, revision, RuntimeInformation.FrameworkDescription, RuntimeInformation.RuntimeIdentifier);
    }
}
