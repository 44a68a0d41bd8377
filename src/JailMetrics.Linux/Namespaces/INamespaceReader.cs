namespace JailMetrics.Linux.Namespaces;

/// <summary>A namespace to look into, by a member process and the namespace's inode (checked, against pid reuse).</summary>
public readonly record struct NamespaceTarget(int Pid, long Inode);

/// <summary>
/// What can only be seen from inside a namespace: the SysV IPC objects of an IPC namespace
/// (/proc/sysvipc is the reader's own namespace's view) and the hostname of a UTS namespace. The live
/// implementation enters each namespace with setns(2) on a dedicated thread; the directory one reads
/// fixture files, so fixture trees drive every collector.
/// </summary>
public interface INamespaceReader
{
    /// <summary>The IPC usage of each target's IPC namespace, in order; null where it could not be entered (the process is gone).</summary>
    IReadOnlyList<IpcUsage?> ReadIpc(IReadOnlyList<NamespaceTarget> targets, CancellationToken cancellationToken);

    /// <summary>The hostname of each target's UTS namespace, in order; null where it could not be entered.</summary>
    IReadOnlyList<string?> ReadHostnames(IReadOnlyList<NamespaceTarget> targets, CancellationToken cancellationToken);
}

/// <summary>The SysV IPC objects of one IPC namespace, summed the way RACCT counts them.</summary>
public readonly record struct IpcUsage(
    long SharedMemorySegments,
    long SharedMemoryBytes,
    long Semaphores,
    long MessageQueues,
    long MessageQueueBytes,
    long MessagesQueued);
