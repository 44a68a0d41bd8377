using System.Globalization;
using System.Text.Json;
using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Text;

/// <summary>
/// Parses <c>netstat -ibn -d --libxo json</c> (usr.bin/netstat/if.c <c>intpr</c>; reference freebsd.md
/// §5.3): <c>{"statistics": {"interface": [ … ]}}</c> with one object per getifaddrs(3) entry. Only the
/// link rows (<c>"network": "&lt;Link#N&gt;"</c>) carry the interface's own counters; address rows repeat
/// a subset per address and are skipped.
/// <para>
/// Tolerances, each from how netstat emits: with <c>-d</c> the key <c>dropped-packets</c> appears
/// <b>twice</b> in one object — first the input drops (ifi_iqdrops), then the output drops (ifi_oqdrops) —
/// so properties are enumerated in document order rather than looked up by name; libxo may quote a
/// number, so strings of digits are accepted; a field that is absent (the byte counters need <c>-b</c>,
/// output drops need <c>-d</c>) reads as 0.
/// </para>
/// </summary>
public static class NetstatJsonParser
{
    private const string DroppedPackets = "dropped-packets";

    // System.Text.Json keeps duplicate properties by default (JsonDocumentOptions.AllowDuplicateProperties
    // is true) and EnumerateObject yields each occurrence in order; set it explicitly so a change of
    // default cannot turn netstat's duplicate key into a parse error.
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = true };

    /// <exception cref="FormatException">The text is not JSON, or has no <c>statistics.interface</c> list.</exception>
    public static IReadOnlyList<InterfaceCounters> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"netstat output is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (!TryGetInterfaceList(document.RootElement, out var list))
                throw new FormatException("netstat output has no statistics.interface list");
            var interfaces = new List<InterfaceCounters>();
            foreach (var row in list.EnumerateArray())
                if (TryReadLinkRow(row, out var counters)) interfaces.Add(counters);
            return interfaces;
        }
    }

    private static bool TryGetInterfaceList(JsonElement root, out JsonElement list)
    {
        list = default;
        return root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("statistics", out var statistics)
            && statistics.ValueKind == JsonValueKind.Object
            && statistics.TryGetProperty("interface", out list)
            && list.ValueKind == JsonValueKind.Array;
    }

    private static bool TryReadLinkRow(JsonElement row, out InterfaceCounters counters)
    {
        counters = null!;
        if (row.ValueKind != JsonValueKind.Object) return false;

        string? name = null, network = null;
        ulong receivePackets = 0, receiveErrors = 0, receiveDrops = 0, receiveBytes = 0;
        ulong transmitPackets = 0, transmitErrors = 0, transmitDrops = 0, transmitBytes = 0;
        int droppedSeen = 0;
        foreach (var property in row.EnumerateObject())
        {
            switch (property.Name)
            {
                case "name": name = AsString(property.Value); break;
                case "network": network = AsString(property.Value); break;
                case "received-packets": receivePackets = AsCounter(property.Value); break;
                case "received-errors": receiveErrors = AsCounter(property.Value); break;
                case "received-bytes": receiveBytes = AsCounter(property.Value); break;
                case "sent-packets": transmitPackets = AsCounter(property.Value); break;
                case "send-errors": transmitErrors = AsCounter(property.Value); break;
                case "sent-bytes": transmitBytes = AsCounter(property.Value); break;
                case DroppedPackets:
                    // First occurrence: input drops. Second (only with -d): output drops.
                    if (droppedSeen++ == 0) receiveDrops = AsCounter(property.Value);
                    else transmitDrops = AsCounter(property.Value);
                    break;
            }
        }
        if (string.IsNullOrEmpty(name) || network is null || !network.StartsWith("<Link#", StringComparison.Ordinal))
            return false;
        counters = new InterfaceCounters(name, receiveBytes, receivePackets, receiveErrors, receiveDrops,
            transmitBytes, transmitPackets, transmitErrors, transmitDrops);
        return true;
    }

    private static string? AsString(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ulong AsCounter(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetUInt64(out ulong n) => n,
        JsonValueKind.String when ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) => n,
        _ => 0,
    };
}
