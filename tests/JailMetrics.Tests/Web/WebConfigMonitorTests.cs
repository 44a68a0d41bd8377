using JailMetrics.Service.Web.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Tests.Web;

public sealed class WebConfigMonitorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jailmetrics-webmon-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_changed_file_applies_on_next_use_and_a_broken_one_keeps_the_last_good_configuration()
    {
        string file = Path.Combine(_directory, "web.yml");
        string aliceHash = BcryptPassword.Hash("a", 4), bobHash = BcryptPassword.Hash("b", 4);
        File.WriteAllText(file, $"basic_auth_users:\n  alice: {aliceHash}\n");
        var monitor = new WebConfigMonitor(file, WebConfigReader.Read(file), NullLogger<WebConfigMonitor>.Instance);
        Assert.True(await monitor.Verifier.VerifyAsync("alice", "a", default));

        File.WriteAllText(file, $"basic_auth_users:\n  bob: {bobHash}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n");
        Assert.Equal("deny", monitor.Current.Headers["X-Frame-Options"]);
        Assert.False(await monitor.Verifier.VerifyAsync("alice", "a", default));
        Assert.True(await monitor.Verifier.VerifyAsync("bob", "b", default));

        File.WriteAllText(file, "basic_auth_users:\n  carol: not-a-hash, and longer than before\n");
        Assert.Equal(["bob"], monitor.Current.BasicAuthUsers.Keys);
        Assert.True(await monitor.Verifier.VerifyAsync("bob", "b", default));

        File.Delete(file);
        Assert.Equal(["bob"], monitor.Current.BasicAuthUsers.Keys);
    }
}
