using System.Diagnostics;
using JailMetrics.Testing;

namespace JailMetrics.Tests.Support;

/// <summary>Runs the real <c>promtool check metrics</c> (Debian package prometheus) over an exposition.</summary>
public static class Promtool
{
    /// <summary>Promtool's verdict: its exit code and everything it printed. A missing promtool fails the test.</summary>
    public static (int ExitCode, string Output) CheckMetrics(string exposition)
    {
        string promtool = Prerequisites.RequireCommand("promtool");
        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(exposition);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException("promtool check metrics did not finish in 60 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
