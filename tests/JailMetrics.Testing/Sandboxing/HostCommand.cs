using System.Diagnostics;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>Runs a short-lived host command (ip, nsenter, gcc) and reports its failure with its stderr.</summary>
internal static class HostCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the command and returns its stdout; throws, quoting stderr, when it fails.</summary>
    public static string Run(string file, IEnumerable<string> arguments, string? standardInput = null)
    {
        Outcome outcome = Execute(file, arguments, standardInput);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{outcome.CommandLine}` exited with status {outcome.ExitCode}: {outcome.StandardError.Trim()}");
        }
        return outcome.StandardOutput;
    }

    /// <summary>Runs the command; returns its stderr when it failed, null when it succeeded.</summary>
    public static string? TryRun(string file, IEnumerable<string> arguments)
    {
        Outcome outcome = Execute(file, arguments, standardInput: null);
        return outcome.ExitCode == 0 ? null : $"`{outcome.CommandLine}` exited with status {outcome.ExitCode}: {outcome.StandardError.Trim()}";
    }

    private static Outcome Execute(string file, IEnumerable<string> arguments, string? standardInput)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) startInfo.ArgumentList.Add(argument);
        string commandLine = string.Join(' ', startInfo.ArgumentList.Prepend(file));

        using Process process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"could not start `{commandLine}`");
        // Drain both pipes concurrently so a chatty command cannot block on a full pipe.
        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync();
        Task<string> standardError = process.StandardError.ReadToEndAsync();
        if (standardInput is not null) process.StandardInput.Write(standardInput);
        process.StandardInput.Close();

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within {Timeout.TotalSeconds} s");
        }
        process.WaitForExit(); // lets the output readers reach end of stream
        return new Outcome(commandLine, process.ExitCode, standardOutput.Result, standardError.Result);
    }

    private sealed record Outcome(string CommandLine, int ExitCode, string StandardOutput, string StandardError);
}
