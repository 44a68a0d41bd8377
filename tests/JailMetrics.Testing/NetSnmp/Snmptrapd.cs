using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JailMetrics.Testing;
using Xunit;

namespace JailMetrics.Testing.NetSnmp;

/// <summary>
/// The real Debian <c>snmptrapd</c> on a free loopback UDP port, configured from lines the test gives
/// (reference/snmp.md §4.4). It logs each notification as one line, <c>JMTRAP &lt;how it came&gt; |vb~vb~…</c>,
/// numeric (<c>-n -On</c>, no MIBs) so varbinds compare as plain strings. Killed on dispose.
/// </summary>
public sealed class Snmptrapd : IAsyncDisposable
{
    /// <summary>%P: version and community or user; %V~ sets the varbind separator; %v: the varbinds.</summary>
    private const string LogFormat = "format2 JMTRAP %P |%V~%v\\n";
    private const string ReadyLine = "NET-SNMP version";

    private readonly Process _process;
    private readonly string _directory;
    private readonly string _logPath;

    private Snmptrapd(Process process, string directory, string logPath, int port)
    {
        _process = process;
        _directory = directory;
        _logPath = logPath;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The address as a notification target's config writes it.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<Snmptrapd> StartAsync(params string[] configLines)
    {
        string executable = Prerequisites.RequireCommand("snmptrapd");
        string directory = Directory.CreateTempSubdirectory("jm-snmptrapd-").FullName;
        string config = Path.Combine(directory, "snmptrapd.conf");
        await File.WriteAllLinesAsync(config, [.. configLines, LogFormat]);

        // A port that was free a moment ago can be taken in between: try a few.
        for (int tries = 1; ; tries++)
        {
            int port = FreeUdpPort();
            string log = Path.Combine(directory, $"snmptrapd-{port}.log");
            var start = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["SNMP_PERSISTENT_DIR"] = Path.Combine(directory, "persist") },
            };
            foreach (string argument in (string[])["-f", "-Lf", log, "-C", "-c", config, "-m", "", "-n", "-On", $"udp:127.0.0.1:{port}"])
                start.ArgumentList.Add(argument);

            var process = Process.Start(start)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var trapd = new Snmptrapd(process, directory, log, port);
            try
            {
                await trapd.WaitForReadyAsync();
                return trapd;
            }
            catch when (tries < 3)
            {
                await trapd.StopAsync();
            }
            catch
            {
                await trapd.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Notifications logged so far.</summary>
    public IReadOnlyList<ReceivedNotification> Received() =>
        ReadLog().Where(line => line.StartsWith("JMTRAP ", StringComparison.Ordinal)).Select(ReceivedNotification.Parse).ToList();

    /// <summary>The first logged notification matching <paramref name="match"/>, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<ReceivedNotification> WaitForAsync(Func<ReceivedNotification, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var found = Received().FirstOrDefault(match);
            if (found is not null) return found;
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"snmptrapd logged no matching notification within {timeout.TotalSeconds} s; its log:\n{string.Join('\n', ReadLog())}");
            await Task.Delay(50);
        }
    }

    public string Log() => string.Join('\n', ReadLog());

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }

    private async Task WaitForReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (!ReadLog().Any(line => line.StartsWith(ReadyLine, StringComparison.Ordinal)))
        {
            if (_process.HasExited) throw new InvalidOperationException($"snmptrapd exited with {_process.ExitCode}:\n{string.Join('\n', ReadLog())}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("snmptrapd did not start within 10 s");
            await Task.Delay(25);
        }
    }

    private string[] ReadLog()
    {
        if (!File.Exists(_logPath)) return [];
        using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

/// <summary>One notification as snmptrapd logged it: how it came (PDU, version, community or user) and its varbinds.</summary>
public sealed record ReceivedNotification(string Via, IReadOnlyList<string> VarBinds)
{
    /// <summary>The snmpTrapOID.0 value, dotted with a leading dot as net-snmp prints it.</summary>
    public string? TrapOid => VarBinds.Count > 1 && VarBinds[1].StartsWith(".1.3.6.1.6.3.1.1.4.1.0 = OID: ", StringComparison.Ordinal)
        ? VarBinds[1][".1.3.6.1.6.3.1.1.4.1.0 = OID: ".Length..]
        : null;

    public static ReceivedNotification Parse(string line)
    {
        int bar = line.IndexOf(" |", StringComparison.Ordinal);
        return new ReceivedNotification(line["JMTRAP ".Length..bar], line[(bar + 2)..].Split('~'));
    }
}
