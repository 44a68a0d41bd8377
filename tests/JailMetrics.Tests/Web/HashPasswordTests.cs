using System.Diagnostics;
using JailMetrics.Service.Web.Security;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Web;

/// <summary><c>jailmetrics hash-password</c>, run as users run it with the password piped in, checked by Apache's htpasswd.</summary>
public sealed class HashPasswordTests
{
    [Fact]
    public void The_printed_hash_is_accepted_by_htpasswd_for_the_password_and_refused_for_another()
    {
        var (exitCode, stdout, stderr) = HashPassword("correct horse battery\n");

        Assert.True(exitCode == 0, stderr);
        string hash = stdout.Trim();
        Assert.Matches(@"^\$2y\$10\$[./A-Za-z0-9]{53}$", hash);
        Assert.True(Htpasswd.Verifies(hash, "correct horse battery"), $"htpasswd rejected {hash}");
        Assert.False(Htpasswd.Verifies(hash, "correct horse battery "));
    }

    [Fact]
    public void Cost_sets_the_work_factor_and_only_the_first_piped_line_is_the_password()
    {
        var (exitCode, stdout, stderr) = HashPassword("first\r\nsecond\n", "--cost", "5");

        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("$2y$05$", stdout.Trim(), StringComparison.Ordinal);
        Assert.True(BcryptPassword.Verify("first", stdout.Trim()));
        Assert.True(Htpasswd.Verifies(stdout.Trim(), "first"));
    }

    [Theory]
    [InlineData("", new string[0], "no password")]
    [InlineData("x\n", new[] { "--cost", "3" }, "outside 4..31")]
    public void Bad_input_is_refused_with_a_reason_and_prints_no_hash(string input, string[] arguments, string reason)
    {
        var (exitCode, stdout, stderr) = HashPassword(input, arguments);

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("$2", stdout, StringComparison.Ordinal);
        Assert.Contains(reason, stdout + stderr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Stdout, string Stderr) HashPassword(string input, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(ServiceProcess.DllPath);
        start.ArgumentList.Add("hash-password");
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "hash-password did not exit within 60 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
