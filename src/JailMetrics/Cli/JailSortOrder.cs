using System.CommandLine;
using JailMetrics.Model;

namespace JailMetrics.Service.Cli;

/// <summary>How <c>snapshot</c> and <c>top</c> order the jails: busiest first, or by name.</summary>
internal enum JailSortOrder
{
    Cpu,
    Mem,
    Procs,
    Name,
}

internal static class JailSorting
{
    /// <summary>The names <c>--sort</c> accepts, as the user types them.</summary>
    public static readonly string[] Names = [.. Enum.GetNames<JailSortOrder>().Select(n => n.ToLowerInvariant())];

    /// <summary><c>--sort</c>: cpu, mem, procs or name, checked at parse time.</summary>
    public static Option<JailSortOrder> CreateOption(JailSortOrder defaultOrder) => new("--sort")
    {
        Description = $"Order of the jails after the host: {string.Join(", ", Names)} (busiest first; name alphabetically) [default: {defaultOrder.ToString().ToLowerInvariant()}]",
        HelpName = "key",
        DefaultValueFactory = _ => defaultOrder,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (TryParse(text, out var order)) return order;
            result.AddError($"--sort: '{text}' is not a sort key; use one of {string.Join(", ", Names)}");
            return defaultOrder;
        },
    };

    public static bool TryParse(string? text, out JailSortOrder order) =>
        Enum.TryParse(text, ignoreCase: true, out order) && Enum.IsDefined(order) && !int.TryParse(text, out _);

    /// <summary>
    /// The host first (it is the sum the jails are part of), then the jails in <paramref name="order"/>;
    /// a jail without the value sorts last, and ties go by name so rows do not jump between frames.
    /// </summary>
    public static IEnumerable<JailSample> Sort(IEnumerable<JailSample> jails, JailSortOrder order)
    {
        var list = jails.ToList();
        var host = list.Where(j => j.Info.IsHost);
        var rest = list.Where(j => !j.Info.IsHost);
        var sorted = order switch
        {
            JailSortOrder.Name => rest.OrderBy(j => j.Name, StringComparer.Ordinal),
            _ => rest.OrderByDescending(j => j.Usage[KeyOf(order)] ?? double.NegativeInfinity).ThenBy(j => j.Name, StringComparer.Ordinal),
        };
        return host.Concat(sorted);
    }

    private static Resource KeyOf(JailSortOrder order) => order switch
    {
        JailSortOrder.Cpu => Resource.Pcpu,
        JailSortOrder.Mem => Resource.MemoryUse,
        _ => Resource.MaxProc,
    };
}
