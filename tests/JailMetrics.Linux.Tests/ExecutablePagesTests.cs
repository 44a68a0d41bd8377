using JailMetrics.Linux.Native;

namespace JailMetrics.Linux.Tests;

public sealed class ExecutablePagesTests
{
    private const string Exe = "/usr/bin/jailmetrics";

    // Shaped after the smaps of the NativeAOT service (proc(5)): its read-only segments, the RELRO page the
    // loader wrote and then made read-only (anonymous), its data, a library, the heap.
    private const string Smaps = """
        55d34a1fa000-55d34a21a000 r--p 00000000 fe:00 1234                       /usr/bin/jailmetrics
        Size:                128 kB
        Rss:                 128 kB
        Anonymous:             0 kB
        VmFlags: rd mr mw me dw
        55d34a21a000-55d34a9e0000 r-xp 00020000 fe:00 1234                       /usr/bin/jailmetrics
        Size:               7960 kB
        Rss:                7536 kB
        Anonymous:             0 kB
        AnonHugePages:         0 kB
        55d34ae96000-55d34ae97000 r--p 00fd4000 fe:00 1234                       /usr/bin/jailmetrics
        Size:                  4 kB
        Rss:                   4 kB
        Anonymous:             4 kB
        55d34ae97000-55d34aed5000 rw-p 00fd5000 fe:00 1234                       /usr/bin/jailmetrics
        Size:                248 kB
        Rss:                 248 kB
        Anonymous:           112 kB
        7f1c2a000000-7f1c2a195000 r-xp 00028000 fe:00 99                         /usr/lib/x86_64-linux-gnu/libc.so.6
        Size:               1620 kB
        Rss:                1240 kB
        Anonymous:             0 kB
        55d34c000000-55d34c0f0000 rw-p 00000000 00:00 0                          [heap]
        Size:                960 kB
        Rss:                 960 kB
        Anonymous:           960 kB
        7f1c2b000000-7f1c2b001000 r--p 00000000 fe:00 1234                       /usr/bin/jailmetrics (deleted)
        Size:                  4 kB
        Rss:                   4 kB
        Anonymous:             0 kB
        """;

    [Fact]
    public void Only_the_executables_private_read_only_mappings_without_anonymous_pages_are_releasable()
    {
        var releasable = ExecutablePages.Releasable(Smaps, Exe).ToList();

        Assert.Equal(
        [
            (new ExecutablePages.Mapping(0x55d34a1fa000, 128 * 1024), 128L * 1024),
            (new ExecutablePages.Mapping(0x55d34a21a000, 7960 * 1024), 7536L * 1024),
        ], releasable);
    }

    [Fact]
    public void Releasing_unmaps_the_pages_of_this_process_executable_and_the_process_runs_on()
    {
        string executable = Environment.ProcessPath!;
        long before = ResidentReadOnlyBytes(executable);
        Assert.True(before > 0, $"nothing of {executable} resident before the release");

        long released = ExecutablePages.ReleaseReadOnly();

        Assert.True(released >= before / 2, $"released {released} of {before} bytes");
        // The test host's own executable runs no code now (its work is in libraries), so little comes back;
        // what does is mapped again on demand, which is the point.
        Assert.True(ResidentReadOnlyBytes(executable) < before, "the executable's read-only pages are as resident as before");
    }

    private static long ResidentReadOnlyBytes(string executable) =>
        ExecutablePages.Releasable(File.ReadAllText("/proc/self/smaps"), executable).Sum(m => m.ResidentBytes);
}
