using JailMetrics.Service.Configuration;
using JailMetrics.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace JailMetrics.Service.Cli;

/// <summary>
/// Runs the service for a <see cref="Launch"/>. A problem the user can fix (a bad setting, an
/// unsupported OS, a port in use) ends it with one line on stderr and a non-zero exit code, never a stack trace.
/// </summary>
public static class ServiceRunner
{
    public const int ExitConfigurationError = 2;
    public const int ExitStartupError = 1;

    public static async Task<int> RunAsync(Launch launch, CancellationToken cancellationToken)
    {
        if (JailSources.UnsupportedReason() is { } unsupported)
            return Fail(ExitStartupError, unsupported);
        try
        {
            var configuration = ConfigurationLoader.Load(launch.ConfigFile, ConfigurationLoader.ProcessEnvironment(), launch.Flags);
            await using var app = ServiceHost.Build(configuration);
            await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (ConfigurationException e)
        {
            return Fail(ExitConfigurationError, "invalid configuration: " + e.Message);
        }
        catch (IOException e)
        {
            // Kestrel's "Failed to bind to address …: address already in use" and the like.
            return Fail(ExitStartupError, e.Message);
        }
    }

    private static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"jailmetrics: {message}");
        return exitCode;
    }
}
