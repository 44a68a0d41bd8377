using System.Diagnostics;
using JailMetrics.Testing;

namespace JailMetrics.Snmp.Tests.Support;

/// <summary>Runs one of net-snmp's command-line tools (Debian package snmp) and captures what it prints.</summary>
internal static class NetSnmpTool
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="arguments"/>; a missing tool fails the test
    /// (never a skip). <c>-m ""</c> loads no MIB modules, so output is numeric and stable whatever
    /// MIBs the machine has.
    /// </summary>
    public static async Task<Result> RunAsync(string tool, params string[] arguments)
    {
        string path = Prerequisites.RequireCommand(tool);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-m");
        start.ArgumentList.Add("");
        foreach (string argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within 60 s");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
