using JailMetrics.Linux;
using JailMetrics.Sampling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Hosting;

/// <summary>
/// The one place that picks the platform's <see cref="IJailSource"/>. FreeBSD's source plugs in
/// here when JailMetrics.FreeBsd lands; until then, and on every other OS, the service refuses to
/// start with <see cref="UnsupportedReason"/>.
/// </summary>
public static class JailSources
{
    /// <summary>Why this OS has no jail source in this build, or null when it has one.</summary>
    public static string? UnsupportedReason()
    {
        if (OperatingSystem.IsLinux()) return null;
        if (OperatingSystem.IsFreeBSD())
            return "the FreeBSD jail source is not part of this build yet; run it on Linux, where containers are sampled as jails";
        return $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription} has no jails to sample; JailMetrics runs on FreeBSD and Linux";
    }

    public static IJailSource Create(IServiceProvider services)
    {
        if (OperatingSystem.IsLinux())
        {
            // ActivatorUtilities fills in whatever else the source asks for (its logger) from the container.
            var options = services.GetRequiredService<IOptions<LinuxSourceOptions>>().Value;
            return ActivatorUtilities.CreateInstance<LinuxJailSource>(services, options);
        }
        // FreeBSD: return ActivatorUtilities.CreateInstance<FreeBsdJailSource>(services, …) here.
        throw new PlatformNotSupportedException(UnsupportedReason());
    }
}
