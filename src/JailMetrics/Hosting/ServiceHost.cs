using JailMetrics.Alerts;
using JailMetrics.Service.Alerts;
using JailMetrics.Service.Configuration;
using JailMetrics.Service.Inbound;
using JailMetrics.Service.Prometheus;
using JailMetrics.Service.Web;
using JailMetrics.Service.Web.Security;
using JailMetrics.FreeBsd;
using JailMetrics.Linux;
using JailMetrics.Sampling;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.AgentX;
using JailMetrics.Snmp.Notifications;
using JailMetrics.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Prometheus;

namespace JailMetrics.Service.Hosting;

/// <summary>Builds the web application that hosts the sampler and serves the landing page and the metrics.</summary>
public static class ServiceHost
{
    /// <summary>
    /// Builds and validates the service from an already layered configuration (<see cref="ConfigurationLoader"/>);
    /// nothing starts yet.
    /// </summary>
    /// <exception cref="ConfigurationException">Some value is invalid; the message lists every one.</exception>
    public static WebApplication Build(IConfiguration configuration)
    {
        // The only argument is for the host's own defaults: without it they add appsettings.json from
        // the working directory with reload on change, which starts a recursive inotify watch of that
        // directory before Sources.Clear() below drops the file again. Under systemd the working
        // directory is /, so that was some 86,000 watches and a ".NET File Watch" thread woken by every
        // file written anywhere (counted in /proc/PID/fdinfo; the thread showed up in perf).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });

        // Only our layers: no appsettings.json from the working directory, no ASPNETCORE_URLS taking the port.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffK ";
            console.UseUtcTimestamp = true;
        });
        // Logs go to stderr, as exporters' do; stdout stays for --help and --version.
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSystemd();

        builder.Services.AddJailMetrics(configuration);
        var webConfig = builder.Services.AddWebSecurity(configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions>? https = webConfig?.Tls is null
                ? null
                : listen => listen.ApplicationServices.GetRequiredService<TlsConnectionPolicy>().ApplyTo(listen, webConfig.Http2);
            kestrel.AddServerHeader = false;
            // Read unvalidated: WebApplication resolves Kestrel while it is built, before Validate can
            // report a bad address by name. A bad address is skipped here, and Validate then stops startup.
            var web = configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();
            foreach (string text in web.EffectiveListenAddresses)
                if (ListenAddress.TryParse(text, out var address, out _)) address!.ApplyTo(kestrel, https);
        });

        var app = builder.Build();
        Validate(app.Services, configuration);
        // Before every endpoint, present and future (the webhook receiver included): auth and headers.
        if (webConfig is not null) app.UseMiddleware<WebSecurityMiddleware>();
        MapEndpoints(app);
        return app;
    }

    /// <summary>Checks every option now, so a bad value stops startup with one message naming it.</summary>
    /// <exception cref="ConfigurationException">Some value is invalid; the message lists them all.</exception>
    private static void Validate(IServiceProvider services, IConfiguration configuration)
    {
        var failures = UnknownSettings.Find(configuration, [.. OptionSections, .. AlertRuleSections(configuration), .. InboundRouteSections(configuration)]).ToList();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // Several option classes failed at once: report them all.
            failures.AddRange(e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures));
        }
        catch (InvalidOperationException e)
        {
            // The binder's complaint about a value of the wrong type.
            failures.Add(e.Message);
        }
        if (failures.Count > 0) throw new ConfigurationException(string.Join(Environment.NewLine, failures));
    }

    /// <summary>The sections this service binds, for <see cref="UnknownSettings"/>.</summary>
    private static readonly (string Section, IReadOnlyList<string> Keys)[] OptionSections =
    [
        (SamplerOptions.Section, UnknownSettings.KeysOf<SamplerOptions>()),
        (StateOptions.Section, UnknownSettings.KeysOf<StateOptions>()),
        (LinuxSourceOptions.Section, UnknownSettings.KeysOf<LinuxSourceOptions>()),
        (FreeBsdSourceOptions.Section, UnknownSettings.KeysOf<FreeBsdSourceOptions>()),
        (WebOptions.Section, UnknownSettings.KeysOf<WebOptions>()),
        (SnmpAgentOptions.Section, UnknownSettings.KeysOf<SnmpAgentOptions>()),
        (AgentXOptions.Section, UnknownSettings.KeysOf<AgentXOptions>()),
        (EnforcementOptions.Section, UnknownSettings.KeysOf<EnforcementOptions>()),
        (NotificationOptions.Section, UnknownSettings.KeysOf<NotificationOptions>()),
        (AlertOptions.Section, UnknownSettings.KeysOf<AlertOptions>()),
        (AlertmanagerOptions.Section, UnknownSettings.KeysOf<AlertmanagerOptions>()),
        (WebhookOptions.Section, UnknownSettings.KeysOf<WebhookOptions>()),
        (InboundOptions.Section, UnknownSettings.KeysOf<InboundOptions>()),
    ];

    private static readonly IReadOnlyList<string> RuleKeys = UnknownSettings.KeysOf<AlertRuleOptions>();
    private static readonly IReadOnlyList<string> RouteKeys = UnknownSettings.KeysOf<InboundRouteOptions>();

    /// <summary>
    /// Each configured alert rule as a section of its own, so a misspelt key inside a rule
    /// (<c>Alerts:Rules:0:Treshold</c>) is reported like any other unknown setting.
    /// </summary>
    private static IEnumerable<(string Section, IReadOnlyList<string> Keys)> AlertRuleSections(IConfiguration configuration) =>
        configuration.GetSection($"{AlertOptions.Section}:{nameof(AlertOptions.Rules)}").GetChildren()
            .Select(rule => (rule.Path, RuleKeys));

    /// <summary>Each inbound route as a section of its own, for the same reason as <see cref="AlertRuleSections"/>.</summary>
    private static IEnumerable<(string Section, IReadOnlyList<string> Keys)> InboundRouteSections(IConfiguration configuration) =>
        configuration.GetSection($"{InboundOptions.Section}:{nameof(InboundOptions.Routes)}").GetChildren()
            .Select(route => (route.Path, RouteKeys));

    private static void MapEndpoints(WebApplication app)
    {
        var build = app.Services.GetRequiredService<BuildInfo>();
        string telemetryPath = app.Services.GetRequiredService<IOptions<WebOptions>>().Value.TelemetryPath;
        string landingPage = LandingPage.Render(telemetryPath, build);
        // A RequestDelegate, not a Delegate: the Delegate overload builds its handler by reflection (no NativeAOT).
        app.MapGet("/", context => Results.Content(landingPage, "text/html; charset=utf-8").ExecuteAsync(context));
        // One scrape shows one sample: prometheus-net serializes inside the view's gate, into memory.
        BufferedScrape.Map(app, telemetryPath, app.Services.GetRequiredService<CollectorRegistry>(),
            app.Services.GetRequiredService<SampleGate>());
        AlertmanagerWebhookEndpoint.Map(app);
    }
}
