using System.Diagnostics;
using JailMetrics.Testing;

namespace JailMetrics.Tests.Snmp;

/// <summary>What a command printed and how it exited.</summary>
public sealed record ToolResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"$ {Command}\nexit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>Runs a real program (smilint, snmpwalk …) to completion; a missing program fails the test naming its package.</summary>
public static class ExternalTool
{
    public static ToolResult Run(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo(Prerequisites.RequireCommand(command))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        // net-snmp reads ~/.snmp and $SNMPCONFPATH; a developer's own settings must not change what the tests see.
        start.Environment["SNMPCONFPATH"] = Path.GetTempPath();
        start.Environment["MIBS"] = "";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} did not finish within {timeoutSeconds} s");
        }
        process.WaitForExit();
        string line = command + " " + string.Join(' ', start.ArgumentList.Select(a => a.Contains(' ') ? $"'{a}'" : a));
        return new ToolResult(line, process.ExitCode, stdout.Result, stderr.Result);
    }
}
