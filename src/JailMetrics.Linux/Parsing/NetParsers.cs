using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Text;
using JailMetrics.Model;

namespace JailMetrics.Linux.Parsing;

/// <summary>Parsers of a network namespace's /proc/PID/net files.</summary>
internal static class NetParsers
{
    /// <summary>
    /// /proc/PID/net/dev: two header lines, then <c>name: 8 receive and 8 transmit counters</c>, parsed from its bytes (issue 8: no string per line or field); interface names come
    /// from <paramref name="names"/>, so a name seen in an earlier sample is not made again. A counter that is
    /// not a number throws <see cref="FormatException"/>.
    /// </summary>
    public static InterfaceCounters[] ParseNetDev(ReadOnlySpan<byte> text, InterfaceNames names)
    {
        Span<ulong> f = stackalloc ulong[16];
        var list = names.Scratch;
        list.Clear();
        while (!text.IsEmpty)
        {
            int nl = text.IndexOf((byte)'\n');
            var line = nl < 0 ? text : text[..nl];
            text = nl < 0 ? default : text[(nl + 1)..];
            int colon = line.IndexOf((byte)':');
            if (colon < 0) continue;
            var name = line[..colon].Trim(Whitespace);
            if (name.IsEmpty || name.Contains((byte)'|')) continue;
            int fields = 0;
            foreach (var range in line[(colon + 1)..].SplitAny(Whitespace))
            {
                var token = line[(colon + 1)..][range];
                if (token.IsEmpty) continue;
                if (fields < f.Length) f[fields] = U(token);
                fields++;
            }
            if (fields < 16) continue;
            list.Add(new InterfaceCounters(names.Get(name), f[0], f[1], f[2], f[3], f[8], f[9], f[10], f[11]));
        }
        return [.. list];
    }

    /// <summary>The ASCII whitespace string.Split(null) splits on (char.IsWhiteSpace below 0x80).</summary>
    private static ReadOnlySpan<byte> Whitespace => " \t\n\v\f\r"u8;

    /// <summary>Digits only, as ulong.Parse with NumberStyles.None takes them.</summary>
    private static ulong U(ReadOnlySpan<byte> token)
    {
        ulong v = 0;
        foreach (byte b in token)
        {
            uint d = (uint)(b - '0');
            if (d > 9) throw new FormatException($"not a counter: '{Encoding.UTF8.GetString(token)}'");
            v = checked(v * 10 + d);
        }
        return v;
    }

    private static ulong U(string s) => ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// The namespace's own IPv4 addresses from /proc/PID/net/fib_trie: every leaf followed by a
    /// <c>/32 host LOCAL</c> entry, without the loopback 127/8, in order of first appearance.
    /// </summary>
    public static List<string> ParseFibTrieLocal(string text)
    {
        var result = new List<string>();
        string? leaf = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.AsSpan().Trim();
            if (line.StartsWith("|-- ")) leaf = line[4..].ToString();
            else if (leaf is not null && line.StartsWith("/32 host LOCAL"))
            {
                if (!leaf.StartsWith("127.", StringComparison.Ordinal) && !result.Contains(leaf)) result.Add(leaf);
            }
        }
        return result;
    }

    /// <summary>/proc/PID/net/if_inet6: the addresses without ::1 and link-local fe80::/10, in order.</summary>
    public static List<string> ParseIfInet6(string text)
    {
        var result = new List<string>();
        Span<byte> bytes = stackalloc byte[16];
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.AsSpan().Trim();
            if (line.Length < 32) continue;
            var hex = line[..32];
            bool ok = true;
            for (int i = 0; i < 16 && ok; i++)
                ok = byte.TryParse(hex.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]);
            if (!ok) continue;
            var address = new IPAddress(bytes);
            if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal) continue;
            string s = address.ToString();
            if (!result.Contains(s)) result.Add(s);
        }
        return result;
    }

    /// <summary>/proc/stat: the boot time (btime, seconds since the epoch) and the CPU time of all CPUs but idle and iowait, in ticks.</summary>
    public static (long BootTime, ulong BusyTicks) ParseProcStat(ReadOnlySpan<byte> text)
    {
        long btime = 0;
        ulong busy = 0;
        while (!text.IsEmpty)
        {
            int nl = text.IndexOf((byte)'\n');
            var line = nl < 0 ? text : text[..nl];
            text = nl < 0 ? default : text[(nl + 1)..];
            if (line.StartsWith("cpu "u8))
            {
                // user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
                int field = 0;
                foreach (var range in line[4..].Split((byte)' '))
                {
                    var token = line[4..][range];
                    if (token.IsEmpty) continue;
                    Utf8Parser.TryParse(token, out ulong v, out _);
                    if (field is 0 or 1 or 2 or 5 or 6 or 7) busy += v;
                    field++;
                }
            }
            else if (line.StartsWith("btime "u8))
            {
                Utf8Parser.TryParse(line[6..].Trim((byte)' '), out btime, out _);
            }
        }
        return (btime, busy);
    }
}
