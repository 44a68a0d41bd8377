using System.Text;
using JailMetrics.FreeBsd.Native;

namespace JailMetrics.FreeBsd.Kernel;

/// <summary>
/// rctl_get_racct(2) and rctl_get_rules(2) with the ERANGE retry: the answer is one NUL-terminated
/// string that must fit the buffer, so grow ×4 until it does, as rctl(8) does (usr.bin/rctl/rctl.c;
/// reference/freebsd.md §1.1). The size that worked is remembered for the next call.
/// </summary>
internal sealed class RctlReader(IFreeBsdNative native)
{
    /// <summary>RCTL_MAX_OUTBUFSIZE (kern.racct.rctl.maxbufsize default): E2BIG above it.</summary>
    private const int MaxBuffer = 16 * 1024 * 1024;

    // A jail's 25-key racct line is ~400 bytes; start near it so the retry is rare but real.
    private int _racctBuffer = 1024;
    private int _rulesBuffer = 16 * 1024;

    /// <summary>The usage line for <paramref name="filter"/> (e.g. <c>jail:www</c>), or false with the errno the kernel gave.</summary>
    public bool TryGetRacct(string filter, out string usage, out int errno) =>
        TryGet(filter, ref _racctBuffer, native.RctlGetRacct, out usage, out errno);

    /// <summary>The rules matching <paramref name="filter"/> (e.g. <c>jail:</c>), joined by ','; or false with the errno.</summary>
    public bool TryGetRules(string filter, out string rules, out int errno) =>
        TryGet(filter, ref _rulesBuffer, native.RctlGetRules, out rules, out errno);

    private delegate int RctlGet(string filter, byte[] output, out int errno);

    private static bool TryGet(string filter, ref int size, RctlGet call, out string answer, out int errno)
    {
        while (true)
        {
            var buffer = new byte[size];
            if (call(filter, buffer, out errno) == 0)
            {
                int end = Array.IndexOf(buffer, (byte)0);
                answer = Encoding.ASCII.GetString(buffer, 0, end < 0 ? buffer.Length : end);
                return true;
            }

            if (errno != Errno.ERANGE || size >= MaxBuffer)
            {
                answer = "";
                return false;
            }

            size = Math.Min(size * 4, MaxBuffer);
        }
    }
}
