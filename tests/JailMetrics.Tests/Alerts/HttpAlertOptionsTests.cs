using JailMetrics.Service.Alerts;
using JailMetrics.Service.Hosting;
using JailMetrics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JailMetrics.Tests.Alerts;

/// <summary>The <c>Alertmanager</c> and <c>Webhooks</c> sections as the service binds and validates them.</summary>
public sealed class HttpAlertOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddJailMetrics(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Prometheus_durations_and_a_single_url_string_are_accepted()
    {
        using var services = Build(new()
        {
            ["Alertmanager:Urls"] = "http://127.0.0.1:9093",
            ["Alertmanager:ResendInterval"] = "30s",
            ["Alertmanager:Timeout"] = "2s",
            ["Webhooks:Urls:0"] = "http://a/hook",
            ["Webhooks:Urls:1"] = "https://b/hook",
        });
        var alertmanager = services.GetRequiredService<IOptions<AlertmanagerOptions>>().Value;
        Assert.Equal(["http://127.0.0.1:9093"], alertmanager.Urls);
        Assert.Equal(TimeSpan.FromSeconds(30), alertmanager.ResendInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), alertmanager.Timeout);
        Assert.Equal(["http://a/hook", "https://b/hook"], services.GetRequiredService<IOptions<WebhookOptions>>().Value.Urls);
    }

    [Fact]
    public void Defaults_are_no_receivers_a_one_minute_resend_and_a_ten_second_timeout()
    {
        using var services = Build([]);
        var alertmanager = services.GetRequiredService<IOptions<AlertmanagerOptions>>().Value;
        Assert.Empty(alertmanager.Urls);
        Assert.Equal(TimeSpan.FromMinutes(1), alertmanager.ResendInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), services.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout);
    }

    [Theory]
    [InlineData("Alertmanager:Urls:0", "ftp://x", "not an absolute http")]
    [InlineData("Webhooks:Urls:0", "/relative", "not an absolute http")]
    [InlineData("Alertmanager:ResendInterval", "soon", "Alertmanager:ResendInterval: 'soon'")]
    [InlineData("Alertmanager:ResendInterval", "10m", "resolve_timeout")]
    [InlineData("Webhooks:Timeout", "0s", "Webhooks:Timeout: '0s'")]
    public void A_bad_value_is_reported_by_name(string key, string value, string expected)
    {
        using var services = Build(new() { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<AlertmanagerOptions>>().Value;
            _ = services.GetRequiredService<IOptions<WebhookOptions>>().Value;
        });
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_service_refuses_a_misspelt_key_and_a_bad_duration_naming_both()
    {
        string directory = Directory.CreateTempSubdirectory("jailmetrics-http-alerts-").FullName;
        try
        {
            string file = Path.Combine(directory, "config.json");
            File.WriteAllText(file, """
                { "Alertmanager": { "Url": "http://127.0.0.1:9093", "ResendInterval": "later" } }
                """);

            var (exitCode, _, stderr) = ServiceProcess.Run("--config.file", file, "--state.directory", directory);

            Assert.Equal(2, exitCode);
            Assert.Contains("Alertmanager:Url: unknown setting", stderr, StringComparison.Ordinal);
            Assert.Contains("Alertmanager:ResendInterval: 'later'", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
