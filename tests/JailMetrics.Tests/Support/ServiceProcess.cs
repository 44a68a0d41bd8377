using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace JailMetrics.Tests.Support;

/// <summary>
/// The real built service, run as users run it: <c>dotnet jailmetrics.dll …</c> in its own process,
/// with its output captured. Disposing kills it (and its children) if it still runs.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly PeerProcess _process;

    private ServiceProcess(PeerProcess process) => _process = process;

    /// <summary>jailmetrics.dll as the build placed it beside the tests (the service project is referenced).</summary>
    public static string DllPath
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "jailmetrics.dll");
            Assert.True(File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")),
                $"the built service is not beside the tests: {path}");
            return path;
        }
    }

    /// <summary>The variable that moves the SNMP agent of every started service off the default port.</summary>
    public const string SnmpListenAnyPortVariable = "JAILMETRICS_Snmp__ListenAddresses__0";

    public string StandardOutput => _process.StandardOutput;

    public string StandardError => _process.StandardError;

    public bool HasExited => _process.HasExited;

    /// <summary>The service's PID (dotnet runs the dll in-process), for /proc and signals.</summary>
    public int Id => _process.Id;

    /// <summary>Waits for the process to exit; true with its exit code when it did within <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout, out int exitCode)
    {
        exitCode = -1;
        if (!_process.WaitForExit(timeout)) return false;
        exitCode = _process.ExitCode;
        return true;
    }

    /// <param name="workingDirectory">The service's working directory; null keeps the test runner's.</param>
    public static ServiceProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        Launch("dotnet", [DllPath, .. arguments], environment, workingDirectory);

    /// <summary>
    /// Starts a published native executable (the NativeAOT build) instead of the dll, with the same
    /// environment as <see cref="Start(IEnumerable{string}, IReadOnlyDictionary{string, string}?, string?)"/>.
    /// </summary>
    public static ServiceProcess StartExecutable(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Launch(executable, arguments, environment, workingDirectory: null);

    /// <summary>Runs a published native executable to completion, like <see cref="Run"/>.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunExecutable(string executable, params string[] arguments) =>
        RunToCompletion(StartExecutable(executable, arguments));

    private static ServiceProcess Launch(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // The test runner's own JAILMETRICS_ variables must not leak into the service under test.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("JAILMETRICS_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        // The SNMP agent is on by default at 127.0.0.1:1161, which services started side by side would
        // fight over: a free port each instead. A test's own environment or --snmp.listen-address wins.
        start.Environment[SnmpListenAnyPortVariable] = "127.0.0.1:0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return new ServiceProcess(PeerProcess.Start(start, "jailmetrics"));
    }

    /// <summary>Runs to completion (a command such as --help, or a start that must fail) and returns its exit code.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments) => RunToCompletion(Start(arguments));

    private static (int ExitCode, string Stdout, string Stderr) RunToCompletion(ServiceProcess started)
    {
        using var service = started;
        Assert.True(service._process.WaitForExit(TimeSpan.FromSeconds(60)), "jailmetrics did not exit within 60 s");
        return (service._process.ExitCode, service.StandardOutput, service.StandardError);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx, the process dies, or the time is up.</summary>
    public Task WaitUntilServingAsync(HttpClient http, string url, TimeSpan timeout) =>
        _process.WaitForHttpAsync(http, url, timeout);

    public void Dispose() => _process.Dispose();
}
