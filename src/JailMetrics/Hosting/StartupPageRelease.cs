using JailMetrics.Linux.Native;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Hosting;

/// <summary>
/// On Linux, once the host has started (first sample taken, web server and SNMP agent listening), drops
/// the executable's read-only pages from the resident set; the steady state maps back what it touches
/// (<see cref="ExecutablePages"/>). Once, not every cycle: each page it brings back costs a minor fault.
/// </summary>
public sealed class StartupPageRelease(IHostApplicationLifetime lifetime, ILogger<StartupPageRelease> logger) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStarted.Register(Release);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration.Dispose();
        return Task.CompletedTask;
    }

    private void Release()
    {
        long released = ExecutablePages.ReleaseReadOnly();
        if (released >= 0) logger.LogDebug("Startup over: unmapped {Kib} KiB of the executable's read-only pages", released / 1024);
    }
}
