namespace JailMetrics.Testing.FreeBsd;

public enum FakeJailValueKind
{
    /// <summary>A C int: the value buffer must be exactly 4 bytes.</summary>
    Int,
    /// <summary>A NUL-terminated string: the buffer must hold the value and its NUL.</summary>
    String,
    /// <summary>An array (ip4.addr, ip6.addr): the buffer must hold the data; its length is written back.</summary>
    Array,
}

public sealed record FakeJailParameterType(FakeJailValueKind Kind);

/// <summary>
/// The jail parameters the fake kernel knows and their types, from the SYSCTL_JAIL_PARAM*
/// declarations in sys/kern/kern_jail.c and sys/kern/sysv_{shm,sem,msg}.c
/// (reference/freebsd.md §2.3).
/// </summary>
public static class FakeJailParameterTypes
{
    private static readonly Dictionary<string, FakeJailParameterType> Types = new(StringComparer.Ordinal)
    {
        ["jid"] = new(FakeJailValueKind.Int),
        ["parent"] = new(FakeJailValueKind.Int),
        ["children.cur"] = new(FakeJailValueKind.Int),
        ["children.max"] = new(FakeJailValueKind.Int),
        ["dying"] = new(FakeJailValueKind.Int),
        ["persist"] = new(FakeJailValueKind.Int),
        ["vnet"] = new(FakeJailValueKind.Int),
        ["osreldate"] = new(FakeJailValueKind.Int),
        ["securelevel"] = new(FakeJailValueKind.Int),
        ["cpuset.id"] = new(FakeJailValueKind.Int),
        ["enforce_statfs"] = new(FakeJailValueKind.Int),
        ["devfs_ruleset"] = new(FakeJailValueKind.Int),
        ["ip4"] = new(FakeJailValueKind.Int),
        ["ip6"] = new(FakeJailValueKind.Int),
        ["sysvshm"] = new(FakeJailValueKind.Int),
        ["sysvsem"] = new(FakeJailValueKind.Int),
        ["sysvmsg"] = new(FakeJailValueKind.Int),
        ["name"] = new(FakeJailValueKind.String),
        ["path"] = new(FakeJailValueKind.String),
        ["host.hostname"] = new(FakeJailValueKind.String),
        ["host.domainname"] = new(FakeJailValueKind.String),
        ["host.hostuuid"] = new(FakeJailValueKind.String),
        ["osrelease"] = new(FakeJailValueKind.String),
        ["ip4.addr"] = new(FakeJailValueKind.Array),
        ["ip6.addr"] = new(FakeJailValueKind.Array),
    };

    public static bool TryGet(string name, out FakeJailParameterType type) => Types.TryGetValue(name, out type!);
}
