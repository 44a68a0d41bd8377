using JailMetrics.Alerts;
using JailMetrics.FreeBsd;
using JailMetrics.Service.Alerts;
using JailMetrics.Linux;
using JailMetrics.Sampling;
using JailMetrics.Service.Configuration;
using JailMetrics.Service.Inbound;
using JailMetrics.Service.Prometheus;
using JailMetrics.Service.Snmp;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.AgentX;
using JailMetrics.Snmp.Notifications;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Service.Web;
using JailMetrics.State;
using JailMetrics.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace JailMetrics.Service.Hosting;

/// <summary>Registers the service's parts: options with their validators, the source, the store and its views, the sampler.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddJailMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        AddOptions(services, configuration);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(BuildInfo.Current);
        services.AddSingleton(JailSources.Create);
        JailSources.AddPlatformServices(services);

        // The jail data's own registry: no process or runtime metrics mixed in by default.
        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        // A service of its own so the endpoint can be mapped without building the view, whose alert
        // sinks build the SNMP engine (which bumps snmpEngineBoots): check-config maps but never runs.
        services.AddSingleton<SampleGate>();
        services.AddSingleton<PrometheusView>();
        services.AddSingleton(sp => new JailIndexRegistry(
            sp.GetRequiredService<IOptions<StateOptions>>().Value.Directory,
            sp.GetRequiredService<ILogger<JailIndexRegistry>>()));
        // Consumers are told in this order: indexes first, so every view sees a jail's index assigned;
        // then the alerts, so the views (jailmetrics_alert_active) show this sample's alerts, not the last one's.
        services.AddSingleton<ISnapshotConsumer>(sp => sp.GetRequiredService<JailIndexRegistry>());
        AddAlerts(services);
        services.AddSingleton<ISnapshotConsumer>(sp => sp.GetRequiredService<PrometheusView>());
        AddSnmp(services, configuration);
        AddNotifications(services);
        AddInbound(services, configuration);
        services.AddSingleton<NotificationMetrics>();
        // Created at start, before the web server: its counters are there for the first scrape.
        services.AddHostedService(sp => sp.GetRequiredService<NotificationMetrics>());
        services.AddSingleton<SnapshotStore>();

        services.AddHostedService<Sampler>();
        return services;
    }

    /// <summary>
    /// The MIB binding (a view of the samples, and what both front ends answer from), the standalone
    /// agent and the AgentX sub-agent, each per config. The binding stays out when neither front end
    /// is on: it rebuilds a whole MIB view every sample, which only pays when someone can ask for it.
    /// </summary>
    private static void AddSnmp(IServiceCollection services, IConfiguration configuration)
    {
        bool standalone = IsOn(configuration, Settings.SnmpEnabled, byDefault: true);
        bool agentX = IsOn(configuration, Settings.AgentXEnabled, byDefault: false);
        if (!standalone && !agentX) return;

        services.AddSingleton<AgentUptime>();
        // The evaluator is looked up when a sample is bound, not when the binding is made: see SnmpMibBinding's constructor.
        services.AddSingleton(sp => new SnmpMibBinding(
            sp.GetRequiredService<JailIndexRegistry>(), sp.GetRequiredService<AgentUptime>(),
            sp.GetRequiredService<IOptions<SamplerOptions>>(), sp.GetRequiredService<BuildInfo>(),
            () => sp.GetRequiredService<AlertEvaluator>().Active));
        services.AddSingleton<ISnapshotConsumer>(sp => sp.GetRequiredService<SnmpMibBinding>());
        services.AddSingleton<IMibViewProvider>(sp => sp.GetRequiredService<SnmpMibBinding>());
        if (standalone) services.AddHostedService<SnmpAgent>();
        if (agentX)
        {
            // The sub-agent registers exactly the MIB's subtree with the master; the root is JailMetricsMib's.
            services.PostConfigure<AgentXOptions>(o => o.Subtrees = [JailMetricsMib.Root.ToString()]);
            services.AddSingleton<AgentXSubagent>();
            services.AddHostedService(sp => sp.GetRequiredService<AgentXSubagent>());
            services.AddSingleton<AgentXNotificationSender>();
            services.AddHostedService(sp => sp.GetRequiredService<AgentXNotificationSender>());
        }
    }

    /// <summary>
    /// The SNMP engine (engineID and boots in the state directory, shared by the agent's USM and the
    /// notifications' v3 traps), the notification sender (coldStart at start, then whatever is
    /// raised; no targets configured means nothing is sent), and jmJailStarted/jmJailStopped.
    /// </summary>
    private static void AddNotifications(IServiceCollection services)
    {
        services.AddSingleton(sp => SnmpEngine.Start(
            sp.GetRequiredService<IOptions<StateOptions>>().Value.Directory,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SnmpEngine>>()));
        services.AddSingleton(sp => sp.GetRequiredService<SnmpEngine>().State);
        services.AddSingleton<NotificationSender>();
        // Everything that raises a notification goes through one fan-out: our own targets, and the
        // AgentX master (which forwards to its trap sinks) when the service is its sub-agent.
        services.AddSingleton<INotificationSender>(sp => new NotificationFanOut(
        [
            sp.GetRequiredService<NotificationSender>(),
            .. sp.GetService<AgentXNotificationSender>() is { } agentX ? [agentX] : Array.Empty<INotificationSender>(),
        ]));
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        services.AddSingleton<ISnapshotConsumer, JailLifecycleNotifier>();
    }

    /// <summary>
    /// The alert evaluator (rules from the validated <c>Alerts</c> section, firing alerts saved in the
    /// state directory) and the sinks it tells every transition, in registration order.
    /// </summary>
    private static void AddAlerts(IServiceCollection services)
    {
        services.AddSingleton(sp => AlertRuleParser.Parse(sp.GetRequiredService<IOptions<AlertOptions>>().Value.Rules));
        services.AddSingleton(sp =>
        {
            var rules = sp.GetRequiredService<AlertRuleSet>().Rules;
            var logger = sp.GetRequiredService<ILogger<AlertEvaluator>>();
            UnsupportedNotifyTargets.Warn(rules, UnsupportedNotifyTargets.Unconfigured(
                sp.GetRequiredService<IOptions<AlertmanagerOptions>>().Value, sp.GetRequiredService<IOptions<WebhookOptions>>().Value), logger);
            return new AlertEvaluator(
                rules,
                [.. sp.GetServices<IAlertSink>(), .. sp.GetRequiredService<PlatformEnforcement>().Sink is { } enforcer ? [enforcer] : Array.Empty<IAlertSink>()],
                sp.GetRequiredService<IOptions<StateOptions>>().Value.Directory,
                sp.GetRequiredService<TimeProvider>(),
                logger);
        });
        services.AddSingleton<ISnapshotConsumer>(sp => sp.GetRequiredService<AlertEvaluator>());

        services.AddSingleton<IAlertSink, LogAlertSink>();
        services.AddSingleton<IAlertSink, SnmpAlertSink>();
        // The HTTP sinks are also resolved by their own type, for their delivery counters on /metrics.
        services.AddSingleton<AlertmanagerAlertSink>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<AlertmanagerAlertSink>());
        services.AddSingleton<WebhookAlertSink>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<WebhookAlertSink>());
        // The platform's enforcer is added to these by the evaluator's factory above, last, so a page
        // goes out even when installing the limit fails. One instance, shared with the inbound receiver.
        services.AddSingleton(sp => new PlatformEnforcement(EnforcementSinks.Create(sp)));
    }

    /// <summary>
    /// The Alertmanager webhook receiver: its counters always (they are exported at 0), its worker only
    /// when routes are configured (the endpoint is mapped only then, by <see cref="AlertmanagerWebhookEndpoint"/>).
    /// </summary>
    private static void AddInbound(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<InboundStats>();
        if (!configuration.GetSection($"{InboundOptions.Section}:{nameof(InboundOptions.Routes)}").GetChildren().Any()) return;
        services.AddSingleton<InboundAlertReceiver>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundAlertReceiver>());
    }

    /// <summary>A boolean setting; an unparsable value counts as on here, so the options binder reports it by name at startup.</summary>
    private static bool IsOn(IConfiguration configuration, Setting setting, bool byDefault)
    {
        string? value = configuration[setting.Key];
        return value is null ? byDefault : !bool.TryParse(value, out bool on) || on;
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IConfigureOptions<SamplerOptions>>(new SamplerOptionsSetup(configuration));
        services.AddSingleton<IValidateOptions<SamplerOptions>>(new SamplerOptionsValidator(configuration));
        services.AddOptions<SamplerOptions>().ValidateOnStart();

        services.AddSingleton<IValidateOptions<StateOptions>, StateOptionsValidator>();
        services.AddOptions<StateOptions>().Bind(configuration.GetSection(StateOptions.Section)).ValidateOnStart();

        services.AddSingleton<IValidateOptions<LinuxSourceOptions>, LinuxSourceOptionsValidator>();
        services.AddOptions<LinuxSourceOptions>().Bind(configuration.GetSection(LinuxSourceOptions.Section)).ValidateOnStart();
        services.AddOptions<FreeBsdSourceOptions>().Bind(configuration.GetSection(FreeBsdSourceOptions.Section));

        services.AddSingleton<IConfigureOptions<SnmpAgentOptions>>(new SnmpAgentOptionsSetup(configuration));
        services.AddSingleton<IValidateOptions<SnmpAgentOptions>, SnmpAgentOptionsValidator>();
        services.AddOptions<SnmpAgentOptions>().ValidateOnStart();

        services.AddOptions<AgentXOptions>().Bind(configuration.GetSection(AgentXOptions.Section));
        services.AddOptions<EnforcementOptions>().Bind(configuration.GetSection(EnforcementOptions.Section));
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section));

        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateOnStart();

        var httpAlertSetup = new HttpAlertOptionsSetup(configuration);
        var httpAlertValidator = new HttpAlertOptionsValidator(configuration);
        services.AddSingleton<IConfigureOptions<AlertmanagerOptions>>(httpAlertSetup);
        services.AddSingleton<IValidateOptions<AlertmanagerOptions>>(httpAlertValidator);
        services.AddOptions<AlertmanagerOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<WebhookOptions>>(httpAlertSetup);
        services.AddSingleton<IValidateOptions<WebhookOptions>>(httpAlertValidator);
        services.AddOptions<WebhookOptions>().ValidateOnStart();

        services.AddSingleton<IValidateOptions<InboundOptions>, InboundOptionsValidator>();
        services.AddOptions<InboundOptions>().Bind(configuration.GetSection(InboundOptions.Section)).ValidateOnStart();

        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        services.AddOptions<WebOptions>().Bind(configuration.GetSection(WebOptions.Section)).ValidateOnStart();
    }
}
