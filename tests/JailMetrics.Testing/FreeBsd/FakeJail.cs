namespace JailMetrics.Testing.FreeBsd;

/// <summary>
/// One jail in <see cref="FakeFreeBsdNative"/>'s kernel. <c>jid</c>, <c>name</c>, <c>parent</c>,
/// <c>dying</c> and <c>children.cur</c> are derived from the jail's place in the fake; every other
/// parameter is whatever the test set (an int, a string, or a byte[] for arrays such as
/// <c>ip4.addr</c>), defaulting to 0, "" or an empty array by the parameter's kernel type.
/// </summary>
public sealed class FakeJail
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    internal FakeJail(int jid, string name, int parent, bool dying)
    {
        Jid = jid;
        Name = name;
        Parent = parent;
        Dying = dying;
    }

    public int Jid { get; }

    /// <summary>The full (dotted, hierarchical) name as the caller's prison sees it.</summary>
    public string Name { get; }

    /// <summary>The parent's JID; 0 when the jail sits directly under the caller.</summary>
    public int Parent { get; }

    /// <summary>Removed but still holding resources: visible to jail_get only with JAIL_DYING.</summary>
    public bool Dying { get; set; }

    /// <summary>Sets an int parameter (osreldate, securelevel, vnet, sysvshm, persist …).</summary>
    public FakeJail Set(string parameter, int value) => Store(parameter, value);

    /// <summary>Sets a string parameter (path, host.hostname, osrelease …).</summary>
    public FakeJail Set(string parameter, string value) => Store(parameter, value);

    /// <summary>Sets an array parameter as its raw bytes (ip4.addr: 4 bytes per address, network order).</summary>
    public FakeJail Set(string parameter, byte[] value) => Store(parameter, value);

    internal bool TryGetValue(string parameter, out object value) => _values.TryGetValue(parameter, out value!);

    private FakeJail Store(string parameter, object value)
    {
        if (parameter is "jid" or "name" or "parent" or "dying" or "children.cur")
        {
            throw new ArgumentException($"'{parameter}' is derived from the fake's structure; pass it to AddJail instead.", nameof(parameter));
        }

        _values[parameter] = value;
        return this;
    }
}
