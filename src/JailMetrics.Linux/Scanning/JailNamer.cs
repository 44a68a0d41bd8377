using System.Globalization;
using System.Text;

namespace JailMetrics.Linux.Scanning;

/// <summary>
/// Derives a jail's name from its cgroup path, the way container managers lay them out:
/// <c>docker-&lt;id&gt;.scope</c> and <c>libpod-&lt;id&gt;.scope</c> (first 12 characters of the id),
/// <c>/docker/&lt;64-hex id&gt;</c> (cgroupfs driver, same), <c>machine-&lt;name&gt;.scope</c> (systemd
/// escapes such as <c>\x2d</c> decoded), any component <c>lxc.payload.&lt;name&gt;</c>; the component
/// nearest the leaf that matches wins (a container's init often sits in <c>…/init.scope</c>), else the leaf.
/// </summary>
internal static class JailNamer
{
    /// <summary>
    /// The container's cgroup within <paramref name="path"/>: the path up to the component that names
    /// it (<c>/machine.slice/machine-web.scope</c> of <c>…/machine-web.scope/init.scope</c>), so the
    /// container's accounting covers all its sub-cgroups; the path itself when no pattern matches.
    /// </summary>
    public static string ContainerPath(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            string c = parts[i];
            if ((c.StartsWith("lxc.payload.", StringComparison.Ordinal) && c.Length > 12)
                || IsScope(c, "docker-", out _) || IsScope(c, "libpod-", out _) || IsScope(c, "machine-", out _)
                || (i > 0 && parts[i - 1] == "docker" && c.Length == 64 && IsHex(c)))
                return "/" + string.Join('/', parts, 0, i + 1);
        }
        return path;
    }

    public static string FromCgroupPath(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return "/";
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            string c = parts[i];
            if (c.StartsWith("lxc.payload.", StringComparison.Ordinal) && c.Length > 12) return c[12..];
            if (IsScope(c, "docker-", out var id) || IsScope(c, "libpod-", out id)) return id.Length > 12 ? id[..12] : id;
            if (IsScope(c, "machine-", out var machine)) return UnescapeSystemd(machine);
            if (i > 0 && parts[i - 1] == "docker" && c.Length == 64 && IsHex(c)) return c[..12];
        }
        return UnescapeSystemd(parts[^1]);
    }

    private static bool IsScope(string component, string prefix, out string middle)
    {
        if (component.StartsWith(prefix, StringComparison.Ordinal) && component.EndsWith(".scope", StringComparison.Ordinal)
            && component.Length > prefix.Length + 6)
        {
            middle = component[prefix.Length..^6];
            return true;
        }
        middle = "";
        return false;
    }

    private static bool IsHex(string s)
    {
        foreach (char c in s)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    /// <summary>Decodes systemd's unit-name escapes (<c>\x2d</c> → <c>-</c>).</summary>
    public static string UnescapeSystemd(string s)
    {
        if (!s.Contains("\\x", StringComparison.Ordinal)) return s;
        var bytes = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 3 < s.Length && s[i + 1] == 'x'
                && byte.TryParse(s.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                bytes.Add(b);
                i += 3;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
