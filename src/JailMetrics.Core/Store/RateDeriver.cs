using System.Collections.Immutable;
using System.Diagnostics;
using JailMetrics.Model;

namespace JailMetrics.Store;

/// <summary>
/// Turns cumulative counters into the rates RACCT reports (pcpu, readbps …) and interface byte
/// rates, from the difference between two samples of the same jail incarnation. A rate the
/// platform already measured is left alone; a counter that went backwards yields no rate.
/// </summary>
public static class RateDeriver
{
    private static readonly (Resource Counter, Resource Rate, double Scale)[] Derivations =
    [
        (Resource.CpuTime, Resource.Pcpu, 100.0), // seconds of CPU per second → percent of one core
        (Resource.IoReadBytes, Resource.ReadBps, 1.0),
        (Resource.IoWriteBytes, Resource.WriteBps, 1.0),
        (Resource.IoReadOps, Resource.ReadIops, 1.0),
        (Resource.IoWriteOps, Resource.WriteIops, 1.0),
    ];

    public static Snapshot Derive(Snapshot previous, Snapshot current)
    {
        double seconds = (double)(current.MonotonicTimestamp - previous.MonotonicTimestamp) / Stopwatch.Frequency;
        if (seconds <= 0 || previous.Jails.IsDefaultOrEmpty) return current;

        var before = new Dictionary<string, JailSample>(previous.Jails.Length, StringComparer.Ordinal);
        foreach (var jail in previous.Jails) before[jail.Name] = jail;

        var jails = current.Jails.ToBuilder();
        for (int i = 0; i < jails.Count; i++)
        {
            var now = jails[i];
            // Only the same incarnation: a jail that restarted (new JID) has counters from zero.
            if (!before.TryGetValue(now.Name, out var then) || then.Info.Id != now.Info.Id) continue;
            jails[i] = DeriveJail(then, now, seconds);
        }
        return current with { Jails = jails.MoveToImmutable() };
    }

    private static JailSample DeriveJail(JailSample then, JailSample now, double seconds)
    {
        List<KeyValuePair<Resource, double>>? rates = null;
        foreach (var (counter, rate, scale) in Derivations)
        {
            if (now.Usage.Has(rate)) continue;
            if (!now.Usage.TryGet(counter, out double b) || !then.Usage.TryGet(counter, out double a) || b < a) continue;
            (rates ??= []).Add(new(rate, (b - a) / seconds * scale));
        }

        var usage = rates is null ? now.Usage : now.Usage.With(rates);
        var interfaces = now.Interfaces;
        if (!interfaces.IsDefaultOrEmpty && !then.Interfaces.IsDefaultOrEmpty)
        {
            var builder = interfaces.ToBuilder();
            for (int i = 0; i < builder.Count; i++)
            {
                var ifNow = builder[i];
                if (Find(then.Interfaces, ifNow.Name) is not { } ifThen) continue;
                builder[i] = ifNow with
                {
                    ReceiveBytesPerSecond = PerSecond(ifThen.ReceiveBytes, ifNow.ReceiveBytes, seconds),
                    TransmitBytesPerSecond = PerSecond(ifThen.TransmitBytes, ifNow.TransmitBytes, seconds),
                };
            }
            interfaces = builder.MoveToImmutable();
        }
        return ReferenceEquals(usage, now.Usage) && interfaces == now.Interfaces ? now : now with { Usage = usage, Interfaces = interfaces };
    }

    /// <summary>The first interface named <paramref name="name"/> (a loop, not LINQ with a closure per interface per sample).</summary>
    private static InterfaceCounters? Find(ImmutableArray<InterfaceCounters> interfaces, string name)
    {
        foreach (var candidate in interfaces)
            if (candidate.Name == name) return candidate;
        return null;
    }

    private static double? PerSecond(ulong then, ulong now, double seconds) =>
        now >= then ? (now - then) / seconds : null;
}
