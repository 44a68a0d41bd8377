using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using JailMetrics.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.FreeBsd.Text;

/// <summary>
/// Reads a jail's interfaces by running <c>jexec -l JID netstat -ibn -d --libxo json</c> as a separate
/// process (reference freebsd.md §5.4, option A). The service never calls jail_attach(2) itself:
/// attaching is irreversible, and fork(2) in a multithreaded .NET process is unsafe, so the attach
/// happens in jexec, a fresh process. A run that outlives <see cref="JexecNetstatOptions.Timeout"/>
/// is killed; every failure is logged and reported as null so one jail cannot stall a sample.
/// </summary>
public sealed class JexecNetstat(JexecNetstatOptions options, ILogger<JexecNetstat>? logger = null) : IJailNetstat
{
    private readonly ILogger _logger = logger ?? NullLogger<JexecNetstat>.Instance;

    public IReadOnlyList<InterfaceCounters>? Read(int jid, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = CreateStartInfo(jid) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            _logger.LogWarning("Cannot run {Jexec} for jail {Jid}: {Reason}", options.JexecPath, jid, e.Message);
            return null;
        }

        // Drain both pipes while waiting, so a chatty child cannot block on a full pipe.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            process.WaitForExitAsync(deadline.Token).GetAwaiter().GetResult();
            Task.WhenAll(stdout, stderr).WaitAsync(deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            _logger.LogWarning("netstat in jail {Jid} did not finish within {Timeout}; killed it", jid, options.Timeout);
            return null;
        }
        catch (IOException e)
        {
            Kill(process);
            _logger.LogWarning("Reading netstat output for jail {Jid} failed: {Reason}", jid, e.Message);
            return null;
        }

        if (process.ExitCode != 0)
        {
            _logger.LogWarning("netstat in jail {Jid} exited with status {Status}: {Error}", jid, process.ExitCode, FirstLine(stderr.Result));
            return null;
        }
        try
        {
            return NetstatJsonParser.Parse(stdout.Result);
        }
        catch (FormatException e)
        {
            _logger.LogWarning("netstat in jail {Jid} printed unreadable output: {Reason}", jid, e.Message);
            return null;
        }
    }

    private ProcessStartInfo CreateStartInfo(int jid)
    {
        var start = new ProcessStartInfo(options.JexecPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // jexec(8): -l runs the command in a clean login environment inside the jail.
        // netstat(1): -i interfaces, -b bytes, -n numeric, -d drops (adds the output-drops column).
        foreach (string argument in (string[])["-l", jid.ToString(CultureInfo.InvariantCulture), options.NetstatPath, "-ibn", "-d", "--libxo", "json"])
            start.ArgumentList.Add(argument);
        return start;
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(1000);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already exited between the timeout and the kill.
            _logger.LogDebug("Killing netstat process: {Reason}", e.Message);
        }
    }

    private static string FirstLine(string text)
    {
        string trimmed = text.Trim();
        int newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? trimmed : trimmed[..newline];
    }
}
