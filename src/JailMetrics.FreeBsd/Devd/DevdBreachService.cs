using Microsoft.Extensions.Hosting;

namespace JailMetrics.FreeBsd.Devd;

/// <summary>Hosts a <see cref="DevdEventReader"/> for the service's lifetime.</summary>
public sealed class DevdBreachService(DevdEventReader reader) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => reader.RunAsync(stoppingToken);
}
