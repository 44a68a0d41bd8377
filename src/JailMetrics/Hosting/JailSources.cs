using JailMetrics.FreeBsd;
using JailMetrics.FreeBsd.Devd;
using JailMetrics.Linux;
using JailMetrics.Sampling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Hosting;

/// <summary>
/// The one place that picks the platform's <see cref="IJailSource"/>: FreeBSD jails through libc
/// and libjail, Linux containers through procfs and cgroups. On every other OS the service refuses
/// to start with <see cref="UnsupportedReason"/>.
/// </summary>
public static class JailSources
{
    /// <summary>Why this OS has no jail source, or null when it has one.</summary>
    public static string? UnsupportedReason()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD()) return null;
        return $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription} has no jails to sample; JailMetrics runs on FreeBSD and Linux";
    }

    /// <summary>
    /// The platform's own services beside the source. On FreeBSD: the devd listener whose RCTL events
    /// become the jails' breach counts (<see cref="AddFreeBsdBreachEvents"/>). On Linux: the release of
    /// the executable's startup-only pages once the host has started (<see cref="StartupPageRelease"/>).
    /// </summary>
    public static void AddPlatformServices(IServiceCollection services)
    {
        if (OperatingSystem.IsFreeBSD()) AddFreeBsdBreachEvents(services);
        if (OperatingSystem.IsLinux()) services.AddHostedService<StartupPageRelease>();
    }

    /// <summary>
    /// Listens to devd(8) for the RCTL events of rules with action devctl for the service's lifetime;
    /// the FreeBSD source counts them per jail and resource (<see cref="DevdEventReader.Counts"/>).
    /// Public so that the wiring can be tested where FreeBSD is not.
    /// </summary>
    public static void AddFreeBsdBreachEvents(IServiceCollection services, DevdEventReaderOptions? options = null)
    {
        services.AddSingleton(sp => new DevdEventReader(options ?? new DevdEventReaderOptions(), sp.GetRequiredService<ILogger<DevdEventReader>>()));
        services.AddHostedService(sp => new DevdBreachService(sp.GetRequiredService<DevdEventReader>()));
    }

    public static IJailSource Create(IServiceProvider services)
    {
        if (OperatingSystem.IsLinux())
        {
            // ActivatorUtilities fills in whatever else the source asks for (its logger) from the container.
            var options = services.GetRequiredService<IOptions<LinuxSourceOptions>>().Value;
            var source = ActivatorUtilities.CreateInstance<LinuxJailSource>(services, options);
            source.FullSampleEvery = services.GetRequiredService<IOptions<SamplerOptions>>().Value.SlowEvery;
            return source;
        }
        if (OperatingSystem.IsFreeBSD())
        {
            return FreeBsdJailSource.ForThisMachine(
                services.GetRequiredService<ILoggerFactory>(),
                services.GetRequiredService<IOptions<FreeBsdSourceOptions>>().Value,
                breaches: services.GetService<DevdEventReader>()?.Counts);
        }
        throw new PlatformNotSupportedException(UnsupportedReason());
    }
}
