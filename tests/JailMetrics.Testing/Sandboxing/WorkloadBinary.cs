using System.Security.Cryptography;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>
/// The compiled jm-workload. Compiled with gcc on first use into a cache named by the hash of the
/// source, so a changed source gets a fresh binary and unchanged source is compiled once per machine.
/// </summary>
internal static class WorkloadBinary
{
    private const string SourceFileName = "jm-workload.c";
    private static readonly Lock Gate = new();
    private static string? _path;

    public static string EnsureCompiled(string gcc)
    {
        lock (Gate)
        {
            return _path ??= Compile(gcc);
        }
    }

    private static string Compile(string gcc)
    {
        string source = FindSource();
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)))[..16];
        string binary = Path.Combine(HarnessDirectories.Binaries, $"jm-workload-{hash}");
        if (File.Exists(binary)) return binary;

        // Test projects run in parallel processes that may all compile at once: each compiles to a
        // private name and renames it into place, which is atomic, so no one ever runs a partial file.
        string partial = $"{binary}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        try
        {
            HostCommand.Run(gcc, ["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-o", partial, source]);
            File.Move(partial, binary, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return binary;
    }

    // The source is copied next to the assemblies of every project that references this library.
    private static string FindSource()
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "workload", SourceFileName),
            Path.Combine(Path.GetDirectoryName(typeof(WorkloadBinary).Assembly.Location) ?? "", "workload", SourceFileName),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"workload source not found; looked at {string.Join(", ", candidates)}", SourceFileName);
    }
}
