using JailMetrics.Service.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Web.Security;

/// <summary>Registers what <c>--web.config.file</c> turns on: the config monitor, and for TLS the certificate cache and connection policy.</summary>
public static class WebSecurityServices
{
    /// <summary>
    /// Reads the web config file and its TLS files now, so a bad one stops startup with its name,
    /// line and reason; returns the configuration read, or null when no file is configured.
    /// </summary>
    /// <exception cref="ConfigurationException">The file or a certificate it names is unusable.</exception>
    public static WebConfig? AddWebSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        string? path = configuration[Settings.WebConfigFile.Key];
        if (string.IsNullOrWhiteSpace(path)) return null;
        var config = WebConfigReader.Read(path);
        services.AddSingleton(sp => new WebConfigMonitor(path, config, sp.GetRequiredService<ILogger<WebConfigMonitor>>()));
        if (config.Tls is { } tls)
        {
            TlsMaterial material;
            try
            {
                material = TlsMaterial.Load(tls);
            }
            catch (ConfigurationException e)
            {
                throw new ConfigurationException($"web config file {Path.GetFullPath(path)}, tls_server_config: {e.Message}", e);
            }
            services.AddSingleton(sp => new TlsMaterialCache(tls, material, sp.GetRequiredService<ILogger<TlsMaterialCache>>()));
            services.AddSingleton<TlsConnectionPolicy>();
        }
        return config;
    }
}
