using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Text;
using JailMetrics.FreeBsd.Native;

namespace JailMetrics.FreeBsd.Kernel;

/// <summary>
/// Lists every jail the caller can see with jail_get(2), the way jls(8) does (usr.sbin/jls/jls.c;
/// reference/freebsd.md §2.1): key <c>lastjid</c>, starting at 0; the kernel returns the jail with the
/// next higher JID (JAIL_DYING: dying ones too) and the loop ends on ENOENT "no jail after N".
/// Addresses (ip4.addr, ip6.addr) are arrays: the enumeration call only probes their length, and a
/// second call keyed by <c>jid</c> reads them with buffers of that size. Parameters this kernel does
/// not know (ENOENT "unknown parameter: X") are dropped and the call repeated, if they are optional.
/// </summary>
internal sealed class JailEnumerator(IFreeBsdNative native)
{
    /// <summary>JAIL_ERRMSGLEN in lib/libjail/jail.h.</summary>
    private const int ErrmsgSize = 1024;
    private const string UnknownParameter = "unknown parameter: ";
    private const int ArrayAttempts = 4;

    private readonly List<JailParameterSpec> _specs = [.. JailParameterSpec.Enumerated];

    /// <summary>Optional parameters this kernel turned out not to know.</summary>
    public IReadOnlyCollection<string> Unsupported => _unsupported;
    private readonly HashSet<string> _unsupported = new(StringComparer.Ordinal);

    public IReadOnlyList<JailRecord> Enumerate(CancellationToken cancellationToken)
    {
        var records = new List<JailRecord>();
        int lastjid = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameters = new List<JailParameter> { IntParameter("lastjid", lastjid) };
            parameters.AddRange(_specs.Select(s => new JailParameter(s.Name, s.NewBuffer())));
            var errmsg = new JailParameter("errmsg", new byte[ErrmsgSize]);
            parameters.Add(errmsg);

            int jid = native.JailGet(parameters, JailSys.JailDyingFlag, out int errno);
            if (jid < 0)
            {
                string message = CString(errmsg.Buffer);
                bool unknownParameter = message.StartsWith(UnknownParameter, StringComparison.Ordinal);
                if (errno == Errno.ENOENT && unknownParameter && TryDropUnknown(message)) continue;
                if (errno == Errno.ENOENT && !unknownParameter) return records; // "no jail after N": the end of the list
                throw new FreeBsdNativeException("jail_get", errno, message);
            }

            if (jid <= lastjid)
                throw new FreeBsdNativeException("jail_get", Errno.EINVAL, $"JID {jid} returned after lastjid {lastjid}");

            if (Decode(jid, parameters) is { } record) records.Add(record);
            lastjid = jid;
        }
    }

    /// <summary>
    /// Whether the jail <paramref name="jid"/> still exists under <paramref name="name"/> (dying counts):
    /// used to tell a vanished jail from one whose counters are simply zero.
    /// </summary>
    public bool Exists(int jid, string name)
    {
        var nameParameter = new JailParameter("name", new byte[256]);
        var parameters = new List<JailParameter> { IntParameter("jid", jid), nameParameter, new("errmsg", new byte[ErrmsgSize]) };
        int found = native.JailGet(parameters, JailSys.JailDyingFlag, out int errno);
        if (found < 0 && errno != Errno.ENOENT) throw new FreeBsdNativeException("jail_get", errno, CString(parameters[2].Buffer));
        return found == jid && NameOf(jid, CString(nameParameter.Buffer)) == name;
    }

    private bool TryDropUnknown(string message)
    {
        string name = message[UnknownParameter.Length..].Trim();
        int index = _specs.FindIndex(s => s.Name == name && s.Optional);
        if (index < 0) return false;
        _specs.RemoveAt(index);
        _unsupported.Add(name);
        return true;
    }

    private JailRecord? Decode(int jid, List<JailParameter> parameters)
    {
        var values = ImmutableDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        int ip4Length = 0, ip6Length = 0;
        foreach (var parameter in parameters)
        {
            var spec = _specs.Find(s => s.Name == parameter.Name);
            switch (spec?.Kind)
            {
                case JailValueKind.Int:
                    values[parameter.Name] = BinaryPrimitives.ReadInt32LittleEndian(parameter.Buffer);
                    break;
                case JailValueKind.String:
                    values[parameter.Name] = CString(parameter.Buffer);
                    break;
                case JailValueKind.Array when parameter.Name == "ip4.addr":
                    ip4Length = parameter.Length;
                    break;
                case JailValueKind.Array:
                    ip6Length = parameter.Length;
                    break;
            }
        }

        var ip4 = ImmutableArray<IPAddress>.Empty;
        var ip6 = ImmutableArray<IPAddress>.Empty;
        if (ip4Length > 0 || ip6Length > 0)
        {
            if (!TryReadAddresses(jid, ip4Length, ip6Length, out ip4, out ip6)) return null; // gone in between
        }

        string name = (string)values["name"];
        return new JailRecord
        {
            Jid = jid,
            Name = NameOf(jid, name),
            Path = (string)values["path"],
            ParentJid = (int)values["parent"],
            Dying = (int)values["dying"] != 0,
            Hostname = values.TryGetValue("host.hostname", out var h) ? (string)h : "",
            IPv4 = ip4,
            IPv6 = ip6,
            Values = values.ToImmutable(),
        };
    }

    /// <summary>
    /// Reads ip4.addr/ip6.addr keyed by jid with buffers of the probed sizes. The kernel answers EINVAL
    /// when an array no longer fits (addresses were added since the probe); then probe again.
    /// </summary>
    private bool TryReadAddresses(int jid, int ip4Length, int ip6Length, out ImmutableArray<IPAddress> ip4, out ImmutableArray<IPAddress> ip6)
    {
        for (int attempt = 0; attempt < ArrayAttempts; attempt++)
        {
            var parameters = new List<JailParameter> { IntParameter("jid", jid) };
            var v4 = _unsupported.Contains("ip4.addr") ? null : new JailParameter("ip4.addr", new byte[ip4Length]);
            var v6 = _unsupported.Contains("ip6.addr") ? null : new JailParameter("ip6.addr", new byte[ip6Length]);
            if (v4 is not null) parameters.Add(v4);
            if (v6 is not null) parameters.Add(v6);
            var errmsg = new JailParameter("errmsg", new byte[ErrmsgSize]);
            parameters.Add(errmsg);

            if (native.JailGet(parameters, JailSys.JailDyingFlag, out int errno) == jid)
            {
                ip4 = Addresses(v4, 4);
                ip6 = Addresses(v6, 16);
                return true;
            }

            if (errno == Errno.ENOENT) break;
            if (errno != Errno.EINVAL) throw new FreeBsdNativeException("jail_get", errno, CString(errmsg.Buffer));

            // Probe again: an empty value buffer makes the kernel report the length it needs.
            var probe4 = new JailParameter("ip4.addr", []);
            var probe6 = new JailParameter("ip6.addr", []);
            var probe = new List<JailParameter> { IntParameter("jid", jid) };
            if (v4 is not null) probe.Add(probe4);
            if (v6 is not null) probe.Add(probe6);
            if (native.JailGet(probe, JailSys.JailDyingFlag, out errno) != jid)
            {
                if (errno == Errno.ENOENT) break;
                throw new FreeBsdNativeException("jail_get", errno);
            }

            ip4Length = probe4.Length;
            ip6Length = probe6.Length;
        }

        ip4 = ip6 = [];
        return false;
    }

    /// <summary>in_addr (4 bytes) / in6_addr (16 bytes) in network byte order; the kernel wrote the used length back.</summary>
    private static ImmutableArray<IPAddress> Addresses(JailParameter? parameter, int size)
    {
        if (parameter is null) return [];
        int count = Math.Min(parameter.Length, parameter.Buffer.Length) / size;
        var addresses = ImmutableArray.CreateBuilder<IPAddress>(count);
        for (int i = 0; i < count; i++) addresses.Add(new IPAddress(parameter.Buffer.AsSpan(i * size, size)));
        return addresses.MoveToImmutable();
    }

    /// <summary>A jail created without a name is named by its JID string (jls shows "name":"83").</summary>
    private static string NameOf(int jid, string name) =>
        name.Length > 0 ? name : jid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JailParameter IntParameter(string name, int value)
    {
        var buffer = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        return new JailParameter(name, buffer);
    }

    private static string CString(byte[] buffer)
    {
        int end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }
}
