using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using JailMetrics.Testing;
using JailMetrics.Tests.Snmp;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Packaging;

/// <summary>
/// What Type=notify in the unit relies on: started by "systemd", the built service sends READY=1 to
/// $NOTIFY_SOCKET once it serves, and STOPPING=1 on SIGTERM (sd_notify(3)). There is no systemd
/// running here, so the test plays its part: a datagram socket for NOTIFY_SOCKET, and a parent
/// process named "systemd" (a copy of sh), which is how Microsoft.Extensions.Hosting.Systemd
/// recognises a systemd service (it reads the parent's /proc/PPID/comm).
/// </summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jailmetrics-notify-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_service_reports_ready_once_it_serves_and_stopping_on_SIGTERM()
    {
        string socketPath = Path.Combine(_directory, "notify");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));

        string fakeSystemd = Path.Combine(_directory, "systemd");
        File.Copy(Prerequisites.RequireCommand("sh"), fakeSystemd);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fakeSystemd, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        int port = ServiceProcess.FreePort();
        // The shell stays the service's parent (background and wait, not exec) and prints its pid.
        var start = new ProcessStartInfo(fakeSystemd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "-c", "dotnet \"$1\" --web.listen-address \"$2\" --snmp.listen-address 127.0.0.1:0 --state.directory \"$3\" & echo $!; wait",
                "systemd", ServiceProcess.DllPath, $"127.0.0.1:{port}", Path.Combine(_directory, "state"),
            },
            Environment = { ["NOTIFY_SOCKET"] = socketPath },
        };
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("JAILMETRICS_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        using var parent = Process.Start(start)!;
        var stderr = parent.StandardError.ReadToEndAsync();
        try
        {
            string pid = (await parent.StandardOutput.ReadLineAsync())!.Trim();

            string ready = await ReceiveAsync(notify, TimeSpan.FromSeconds(60));
            Assert.Contains("READY=1", ready.Split('\n'));
            using (var response = await _http.GetAsync($"http://127.0.0.1:{port}/metrics"))
                Assert.True(response.IsSuccessStatusCode, "READY=1 came before /metrics answered");

            Assert.Equal(0, ExternalTool.Run("kill", ["-TERM", pid]).ExitCode);
            string stopping = await ReceiveAsync(notify, TimeSpan.FromSeconds(30));
            Assert.Contains("STOPPING=1", stopping.Split('\n'));
            Assert.True(parent.WaitForExit(TimeSpan.FromSeconds(30)), "the service did not stop on SIGTERM");
        }
        finally
        {
            if (!parent.HasExited) parent.Kill(entireProcessTree: true);
            parent.WaitForExit(10_000);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no notification on NOTIFY_SOCKET within {timeout}");
            throw;
        }
    }
}
