using System.Diagnostics;
using JailMetrics.Testing;

namespace JailMetrics.Tests.Web;

/// <summary>Apache's htpasswd (Debian apache2-utils): the independent bcrypt the service's hashes are checked against.</summary>
internal static class Htpasswd
{
    /// <summary>A bcrypt hash of <paramref name="password"/> at cost 10, as <c>htpasswd -nbBC 10</c> prints it.</summary>
    public static string Hash(string user, string password)
    {
        var (exitCode, output) = Run("-nbBC", "10", user, password);
        Assert.True(exitCode == 0, $"htpasswd failed: {output}");
        string line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        Assert.StartsWith(user + ":$2y$10$", line, StringComparison.Ordinal);
        return line[(user.Length + 1)..];
    }

    /// <summary>Whether htpasswd accepts <paramref name="password"/> for the hash (<c>htpasswd -vb</c>).</summary>
    public static bool Verifies(string hash, string password)
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"user:{hash}\n");
            return Run("-vb", file, "user", password).ExitCode == 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Prerequisites.RequireCommand("htpasswd")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
