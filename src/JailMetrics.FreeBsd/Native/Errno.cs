namespace JailMetrics.FreeBsd.Native;

/// <summary>FreeBSD errno values (sys/sys/errno.h); they differ from Linux's for several names.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int E2BIG = 7;
    public const int ENAMETOOLONG = 63;
    public const int ENOSYS = 78;
    public const int EOPNOTSUPP = 45;
}
