using System.Diagnostics;
using System.Globalization;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>The cgroup directories of one sandbox, one per hierarchy, all named after the sandbox.</summary>
internal sealed class SandboxCgroups
{
    private static readonly TimeSpan RemovalTimeout = TimeSpan.FromSeconds(10);

    private SandboxCgroups(IReadOnlyList<string> directories) => Directories = directories;

    public IReadOnlyList<string> Directories { get; }

    /// <summary>The files a process writes "0" to in order to move itself into every one of these cgroups.</summary>
    public IReadOnlyList<string> ProcsFiles => Directories.Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    /// <summary>Creates cgroup <paramref name="name"/> in every hierarchy; on failure removes those already made and throws.</summary>
    public static SandboxCgroups Create(string name, IReadOnlyList<CgroupHierarchy> hierarchies)
    {
        if (hierarchies.Count == 0) throw new InvalidOperationException("no cgroup hierarchy is mounted (see /proc/self/mountinfo)");
        var created = new List<string>();
        try
        {
            foreach (CgroupHierarchy hierarchy in hierarchies)
            {
                hierarchy.DelegateControllersToChildren();
                string directory = hierarchy.DirectoryOf(name);
                // An existing directory belongs to someone else (another sandbox of that name): never adopt it.
                if (Directory.Exists(directory)) throw new InvalidOperationException($"cgroup {directory} already exists");
                Directory.CreateDirectory(directory);
                created.Add(directory);
            }
            return new SandboxCgroups(created);
        }
        catch
        {
            foreach (string directory in created) RemoveDirectory(directory);
            throw;
        }
    }

    /// <summary>Removes the directories once their processes are gone; returns those still present after the timeout.</summary>
    public IReadOnlyList<string> Remove() => Directories.Where(d => !RemoveDirectory(d)).ToList();

    /// <summary>For cgroups left by a dead test process: kills whatever still runs in it, then removes it.</summary>
    public static bool KillMembersAndRemove(string directory)
    {
        foreach (int pid in Members(directory))
        {
            try
            {
                using Process process = Process.GetProcessById(pid);
                process.Kill(); // SIGKILL
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
        return RemoveDirectory(directory);
    }

    // A cgroup can only be removed once it has no members, and dying processes leave it a moment after
    // SIGKILL; rmdir is retried until then. Only rmdir will do: cgroup files cannot be deleted.
    private static bool RemoveDirectory(string directory)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Directory.Delete(directory, recursive: false);
                return true;
            }
            catch (DirectoryNotFoundException)
            {
                return true;
            }
            catch (IOException) when (clock.Elapsed < RemovalTimeout)
            {
                Thread.Sleep(50);
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    private static IEnumerable<int> Members(string directory)
    {
        string procs = Path.Combine(directory, "cgroup.procs");
        try
        {
            return File.ReadAllLines(procs).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }
}
