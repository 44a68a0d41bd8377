using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace JailMetrics.Service.Inbound;

/// <summary>One alert of a webhook message; <see cref="Firing"/> false means resolved.</summary>
public sealed record ReceivedAlert(
    bool Firing,
    string Fingerprint,
    ImmutableSortedDictionary<string, string> Labels,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt)
{
    public string Alertname => Labels.GetValueOrDefault("alertname") ?? "";
}

/// <summary>
/// The body Alertmanager POSTs to a <c>webhook_configs</c> receiver (version "4"): <c>{version, groupKey,
/// status, receiver, groupLabels, commonLabels, commonAnnotations, externalURL, alerts: [{status,
/// labels, annotations, startsAt, endsAt, generatorURL, fingerprint}]}</c>. Only what enforcement
/// needs is kept; the rest is checked for shape and otherwise ignored.
/// </summary>
public sealed record WebhookMessage(string Receiver, string Status, IReadOnlyList<ReceivedAlert> Alerts)
{
    /// <summary>The one version of the payload Alertmanager has ever sent.</summary>
    public const string Version = "4";

    /// <summary>Parses and validates a body; on failure returns null and says why, naming the field.</summary>
    public static WebhookMessage? TryParse(ReadOnlySpan<byte> body, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return Read(document.RootElement, out error);
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
            return null;
        }
    }

    private static WebhookMessage? Read(JsonElement root, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object) return Fail<WebhookMessage>("the body must be a JSON object", out error);
        if (root.TryGetProperty("version", out var version) && (version.ValueKind != JsonValueKind.String || version.GetString() != Version))
            return Fail<WebhookMessage>($"version must be \"{Version}\" (Alertmanager's webhook format), not {version.GetRawText()}", out error);
        string receiver = OptionalString(root, "receiver") ?? "";
        string status = OptionalString(root, "status") ?? "";
        if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array)
            return Fail<WebhookMessage>("alerts must be an array", out error);

        var read = new List<ReceivedAlert>();
        int index = 0;
        foreach (var alert in alerts.EnumerateArray())
        {
            if (ReadAlert(alert, $"alerts[{index}]", out error) is not { } parsed) return null;
            read.Add(parsed);
            index++;
        }
        return new WebhookMessage(receiver, status, read);
    }

    private static ReceivedAlert? ReadAlert(JsonElement alert, string where, out string? error)
    {
        error = null;
        if (alert.ValueKind != JsonValueKind.Object) return Fail<ReceivedAlert>($"{where} must be an object", out error);
        bool firing;
        switch (OptionalString(alert, "status"))
        {
            case "firing": firing = true; break;
            case "resolved": firing = false; break;
            default: return Fail<ReceivedAlert>($"{where}.status must be \"firing\" or \"resolved\"", out error);
        }
        if (!alert.TryGetProperty("labels", out var labelsElement) || labelsElement.ValueKind != JsonValueKind.Object)
            return Fail<ReceivedAlert>($"{where}.labels must be an object", out error);
        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var label in labelsElement.EnumerateObject())
        {
            if (label.Value.ValueKind != JsonValueKind.String) return Fail<ReceivedAlert>($"{where}.labels.{label.Name} must be a string", out error);
            labels[label.Name] = label.Value.GetString()!;
        }
        if (!labels.ContainsKey("alertname")) return Fail<ReceivedAlert>($"{where}.labels has no alertname", out error);

        if (!TryTime(alert, "startsAt", out var startsAt) || !TryTime(alert, "endsAt", out var endsAt))
            return Fail<ReceivedAlert>($"{where}: startsAt and endsAt must be RFC 3339 times", out error);
        string? fingerprint = OptionalString(alert, "fingerprint");
        if (alert.TryGetProperty("fingerprint", out var f) && (f.ValueKind != JsonValueKind.String || fingerprint!.Length == 0))
            return Fail<ReceivedAlert>($"{where}.fingerprint must be a non-empty string", out error);
        var built = labels.ToImmutable();
        return new ReceivedAlert(firing, fingerprint ?? FingerprintOf(built), built, startsAt, endsAt);
    }

    /// <summary>
    /// Alertmanager identifies an alert by a hash of its label set and sends it as fingerprint; a
    /// sender that omits it gets the same idea here (a hash of the sorted labels), so the same alert
    /// still maps to the same key.
    /// </summary>
    private static string FingerprintOf(ImmutableSortedDictionary<string, string> labels)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in labels) text.Append(name).Append('\xff').Append(value).Append('\xff');
        return "labels:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Absent, null or empty is no time; Alertmanager writes Go's zero time (0001-01-01) for an unset endsAt.</summary>
    private static bool TryTime(JsonElement element, string name, out DateTimeOffset? time)
    {
        time = null;
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.String) return false;
        string text = value.GetString()!;
        if (text.Length == 0) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)) return false;
        time = parsed.Year <= 1 ? null : parsed;
        return true;
    }

    private static T? Fail<T>(string reason, out string? error) where T : class
    {
        error = reason;
        return null;
    }
}
