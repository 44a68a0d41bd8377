namespace JailMetrics.Testing.Sandboxing;

/// <summary>
/// Where the harness keeps its compiled workload and its ownership records, shared by every test
/// process on the machine.
/// </summary>
/// <remarks>
/// /run rather than /tmp: the tests run as root and execute the cached workload binary, and in a
/// world-writable directory another user could plant that binary first. /run is root-only, shared
/// by all processes (unlike a service's private /tmp) and, like cgroups, emptied by a reboot.
/// </remarks>
internal static class HarnessDirectories
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly string Root = Directory.Exists("/run")
        ? "/run/jailmetrics-tests"
        : Path.Combine(Path.GetTempPath(), "jailmetrics-tests");

    /// <summary>Compiled workloads, one per version of the C source.</summary>
    public static string Binaries => Ensure(Path.Combine(Root, "bin"));

    /// <summary>One record per live sandbox naming its owning process (see <see cref="OwnershipRecord"/>).</summary>
    public static string Sandboxes => Ensure(Path.Combine(Root, "sandboxes"));

    private static string Ensure(string directory)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("sandboxes exist on Linux only");
        Directory.CreateDirectory(Root, OwnerOnly);
        return Directory.CreateDirectory(directory, OwnerOnly).FullName;
    }
}
