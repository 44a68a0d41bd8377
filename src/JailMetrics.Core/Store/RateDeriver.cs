using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
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

        Dictionary<string, JailSample>? before = null; // made only when the jails moved (most samples list them in the same order)
        var jails = current.Jails.ToBuilder();
        for (int i = 0; i < jails.Count; i++)
        {
            var now = jails[i];
            var then = i < previous.Jails.Length && previous.Jails[i].Name == now.Name ? previous.Jails[i]
                : (before ??= ByName(previous)).GetValueOrDefault(now.Name);
            // Only the same incarnation: a jail that restarted (new JID) has counters from zero.
            if (then is null || then.Info.Id != now.Info.Id) continue;
            jails[i] = DeriveJail(then, now, seconds);
        }
        return current with { Jails = jails.MoveToImmutable() };
    }

    private static Dictionary<string, JailSample> ByName(Snapshot snapshot)
    {
        var byName = new Dictionary<string, JailSample>(snapshot.Jails.Length, StringComparer.Ordinal);
        foreach (var jail in snapshot.Jails) byName[jail.Name] = jail;
        return byName;
    }

    private static JailSample DeriveJail(JailSample then, JailSample now, double seconds)
    {
        Span<KeyValuePair<Resource, double>> rates = stackalloc KeyValuePair<Resource, double>[Derivations.Length];
        int count = 0;
        foreach (var (counter, rate, scale) in Derivations)
        {
            if (now.Usage.Has(rate)) continue;
            if (!now.Usage.TryGet(counter, out double b) || !then.Usage.TryGet(counter, out double a) || b < a) continue;
            rates[count++] = new(rate, (b - a) / seconds * scale);
        }

        var usage = count == 0 ? now.Usage : now.Usage.With(rates[..count]);
        var interfaces = now.Interfaces;
        if (!interfaces.IsDefaultOrEmpty && !then.Interfaces.IsDefaultOrEmpty)
        {
            var withRates = interfaces.ToArray();
            for (int i = 0; i < withRates.Length; i++)
            {
                var ifNow = withRates[i];
                if (Find(then.Interfaces, ifNow.Name) is not { } ifThen) continue;
                withRates[i] = ifNow with
                {
                    ReceiveBytesPerSecond = PerSecond(ifThen.ReceiveBytes, ifNow.ReceiveBytes, seconds),
                    TransmitBytesPerSecond = PerSecond(ifThen.TransmitBytes, ifNow.TransmitBytes, seconds),
                };
            }
            interfaces = ImmutableCollectionsMarshal.AsImmutableArray(withRates); // the array is ours alone: no builder, no copy
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
