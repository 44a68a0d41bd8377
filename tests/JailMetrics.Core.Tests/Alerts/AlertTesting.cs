using System.Collections.Immutable;
using JailMetrics.Alerts;
using JailMetrics.Model;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Core.Tests.Alerts;

/// <summary>Rules, samples and sinks for the alert tests.</summary>
internal static class AlertTesting
{
    /// <summary>Parses rules that must be valid, failing the test with the parser's own message otherwise.</summary>
    public static ImmutableArray<AlertRule> ValidRules(params AlertRuleOptions[] options)
    {
        var set = AlertRuleParser.Parse(options);
        Assert.True(set.IsValid, set.Describe());
        return set.Rules;
    }

    public static AlertRule Rule(string name, string rule, string? forDuration = null, string? clear = null, string? enforce = null, bool sticky = false) =>
        ValidRules(new AlertRuleOptions { Name = name, Rule = rule, For = forDuration, Clear = clear, Enforce = enforce, Sticky = sticky })[0];

    public static JailSample Jail(string name, Resource resource, double value, params JailLimit[] limits) =>
        new JailSample(new JailInfo { Name = name, Id = Math.Abs(name.GetHashCode()) % 1000 + 1 },
            new ResourceUsage.Builder().Set(resource, value).Build()) { Limits = [.. limits] };

    public static Snapshot Sample(params JailSample[] jails) => new()
    {
        Timestamp = DateTimeOffset.UnixEpoch,
        MonotonicTimestamp = 0,
        Jails = [JailSampleOfHost(), .. jails],
    };

    public static Snapshot WithHostLimit(this Snapshot snapshot, HostIpcLimit limit, double value) =>
        snapshot with { HostIpcLimits = snapshot.HostIpcLimits.SetItem(limit, value) };

    // The host is in every real snapshot; rules must never evaluate it.
    private static JailSample JailSampleOfHost() =>
        new(JailInfo.Host("h"), new ResourceUsage.Builder().Set(Resource.MemoryUse, 1e15).Set(Resource.Pcpu, 1e6).Build());
}

/// <summary>Records every transition it is told, in order.</summary>
internal sealed class RecordingSink : IAlertSink
{
    public List<AlertTransition> Transitions { get; } = [];

    public void OnTransition(AlertTransition transition) => Transitions.Add(transition);

    /// <summary>The transitions as "rule/jail From->To", easy to compare as a whole.</summary>
    public IReadOnlyList<string> Steps => [.. Transitions.Select(t => $"{t.Rule.Name}/{t.Jail} {t.From}->{t.To}")];
}

/// <summary>Keeps formatted log lines, to check what the evaluator explains.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add((logLevel, formatter(state, exception)));
}
