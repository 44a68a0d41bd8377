namespace JailMetrics.Testing.Sandboxing;

/// <summary>
/// The sandboxes of this process not yet disposed, so that a test run that forgets (or fails before)
/// Dispose still leaves nothing behind when the process exits normally.
/// </summary>
internal static class LiveSandboxes
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<Sandbox> Sandboxes = [];

    static LiveSandboxes() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAll();

    public static void Add(Sandbox sandbox)
    {
        lock (Gate) Sandboxes.Add(sandbox);
    }

    public static void Remove(Sandbox sandbox)
    {
        lock (Gate) Sandboxes.Remove(sandbox);
    }

    private static void DisposeAll()
    {
        Sandbox[] remaining;
        lock (Gate) remaining = [.. Sandboxes];
        foreach (Sandbox sandbox in remaining) sandbox.Dispose();
    }
}
