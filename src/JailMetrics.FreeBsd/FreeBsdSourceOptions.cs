namespace JailMetrics.FreeBsd;

/// <summary>Settings of the FreeBSD source (config section <c>FreeBsd</c>).</summary>
public sealed class FreeBsdSourceOptions
{
    public const string Section = "FreeBsd";

    /// <summary>
    /// The interfaces each VNET jail is given, by jail name, as jail.conf(5)'s <c>vnet.interface</c>
    /// names them (e.g. <c>www: [epair3b]</c>). The kernel does not keep that setting — jail(8) acts on
    /// it — so it comes from here. When the jail's own view (jexec netstat) cannot be read, the
    /// host-side epair peer of each of these gives its counters, in and out swapped.
    /// </summary>
    public Dictionary<string, List<string>> VnetInterfaces { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Read each VNET jail's own interface counters by running netstat inside it (jexec). Off: host-side peers only.</summary>
    public bool ReadVnetInterfacesInside { get; set; } = true;
}
