using System.Text.Json;
using JailMetrics.Model;
using JailMetrics.Service.Prometheus;

namespace JailMetrics.Service.Cli;

/// <summary>
/// One sample as JSON for scripts (<c>jailmetrics snapshot --json</c>). The field names are written
/// out here, not derived from the C# records, so renaming code never renames a field a script reads.
/// Resource figures are keyed by their rctl(8) names in base units (bytes, seconds, percent, counts),
/// and, as on /metrics, a value that was not measured is absent rather than 0.
/// </summary>
internal static class SnapshotJson
{
    private const string HostIpcPrefix = "jail_host_ipc_";

    public static void Write(Stream stream, Snapshot snapshot, string platform, TimeSpan rateWindow)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("timestamp", snapshot.Timestamp.UtcDateTime);
        json.WriteString("platform", platform);
        json.WriteNumber("rateWindowSeconds", rateWindow.TotalSeconds);
        if (snapshot.RacctEnabled is bool racct) json.WriteBoolean("racctEnabled", racct);
        else json.WriteNull("racctEnabled");

        json.WriteStartArray("jails");
        foreach (var jail in snapshot.Jails) WriteJail(json, jail);
        json.WriteEndArray();

        json.WriteStartObject("hostIpcLimits");
        foreach (var row in HostIpcFamilyTable.All)
            if (snapshot.HostIpcLimits.TryGetValue(row.Limit, out double value)) json.WriteNumber(row.Name[HostIpcPrefix.Length..], value);
        json.WriteEndObject();

        json.WriteStartArray("collectors");
        foreach (var collector in snapshot.Collectors)
        {
            json.WriteStartObject();
            json.WriteString("name", collector.Name);
            json.WriteBoolean("success", collector.Success);
            json.WriteNumber("durationSeconds", collector.Duration.TotalSeconds);
            if (collector.Error is null) json.WriteNull("error");
            else json.WriteString("error", collector.Error);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteJail(Utf8JsonWriter json, JailSample jail)
    {
        var info = jail.Info;
        json.WriteStartObject();
        json.WriteString("name", info.Name);
        json.WriteNumber("jid", info.Id);
        json.WriteString("hostname", info.Hostname);
        json.WriteString("path", info.Path);
        json.WriteString("state", JailInfoLabels.StateName(info.State));
        if (info.ParentName is null) json.WriteNull("parent");
        else json.WriteString("parent", info.ParentName);
        json.WriteBoolean("vnet", info.Vnet);
        WriteStrings(json, "ip4", info.IPv4Addresses);
        WriteStrings(json, "ip6", info.IPv6Addresses);

        json.WriteStartObject("usage");
        foreach (var (resource, value) in jail.Usage) json.WriteNumber(ResourceInfo.Of(resource).RctlName, value);
        json.WriteEndObject();

        json.WriteStartArray("interfaces");
        foreach (var nic in jail.Interfaces) WriteInterface(json, nic);
        json.WriteEndArray();

        if (jail.Filesystem is { } fs)
        {
            json.WriteStartObject("filesystem");
            json.WriteString("mountPoint", fs.MountPoint);
            json.WriteNumber("sizeBytes", fs.SizeBytes);
            json.WriteNumber("freeBytes", fs.FreeBytes);
            json.WriteNumber("availableBytes", fs.AvailableBytes);
            json.WriteNumber("usedBytes", fs.UsedBytes);
            json.WriteNumber("files", fs.Files);
            json.WriteNumber("filesFree", fs.FilesFree);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("filesystem");
        }

        json.WriteStartArray("limits");
        foreach (var limit in jail.Limits)
        {
            json.WriteStartObject();
            json.WriteString("resource", ResourceInfo.Of(limit.Resource).RctlName);
            json.WriteString("action", limit.Action);
            json.WriteNumber("amount", limit.Amount);
            json.WriteString("per", limit.Per ?? "jail");
            json.WriteString("rule", limit.ToRule(info.Name));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteInterface(Utf8JsonWriter json, InterfaceCounters nic)
    {
        json.WriteStartObject();
        json.WriteString("name", nic.Name);
        json.WriteNumber("receiveBytes", nic.ReceiveBytes);
        json.WriteNumber("receivePackets", nic.ReceivePackets);
        json.WriteNumber("receiveErrors", nic.ReceiveErrors);
        json.WriteNumber("receiveDrops", nic.ReceiveDrops);
        json.WriteNumber("transmitBytes", nic.TransmitBytes);
        json.WriteNumber("transmitPackets", nic.TransmitPackets);
        json.WriteNumber("transmitErrors", nic.TransmitErrors);
        json.WriteNumber("transmitDrops", nic.TransmitDrops);
        if (nic.ReceiveBytesPerSecond is double rx) json.WriteNumber("receiveBytesPerSecond", rx);
        if (nic.TransmitBytesPerSecond is double tx) json.WriteNumber("transmitBytesPerSecond", tx);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
