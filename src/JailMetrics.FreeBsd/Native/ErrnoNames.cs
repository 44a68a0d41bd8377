namespace JailMetrics.FreeBsd.Native;

/// <summary>Readable errno names for messages (the values of <see cref="Errno"/>, sys/sys/errno.h).</summary>
public static class ErrnoNames
{
    public static string Describe(int errno) => errno switch
    {
        Errno.EPERM => "EPERM",
        Errno.ENOENT => "ENOENT",
        Errno.ESRCH => "ESRCH",
        Errno.EINTR => "EINTR",
        Errno.E2BIG => "E2BIG",
        Errno.ENOMEM => "ENOMEM",
        Errno.EACCES => "EACCES",
        Errno.EFAULT => "EFAULT",
        Errno.EINVAL => "EINVAL",
        Errno.ERANGE => "ERANGE",
        Errno.EOPNOTSUPP => "EOPNOTSUPP",
        Errno.ENAMETOOLONG => "ENAMETOOLONG",
        Errno.ENOSYS => "ENOSYS",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    } + $" ({errno})";
}

/// <summary>A native call failed in a way the caller cannot work around; the message names the call and errno.</summary>
public sealed class FreeBsdNativeException(string call, int errno, string? detail = null)
    : Exception($"{call}: {ErrnoNames.Describe(errno)}{(string.IsNullOrEmpty(detail) ? "" : ": " + detail)}")
{
    public string Call { get; } = call;

    public int Errno { get; } = errno;
}
