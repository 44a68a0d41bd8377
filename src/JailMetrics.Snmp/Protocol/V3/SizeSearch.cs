namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// Inverts an encoded-size function: BER length fields grow with their content, so "how much
/// content fits in N octets" has no closed form worth the bugs; a binary search over a monotonic
/// size function is exact and costs ~20 evaluations.
/// </summary>
internal static class SizeSearch
{
    /// <summary>The largest x in 0..limit with size(x) ≤ limit, or 0 when even size(0) exceeds it.</summary>
    public static int Largest(Func<int, int> size, int limit)
    {
        if (limit <= 0 || size(0) > limit) return 0;
        int low = 0, high = limit; // size(low) fits; the answer is in [low, high]
        while (low < high)
        {
            int middle = low + (high - low + 1) / 2;
            if (size(middle) <= limit) low = middle;
            else high = middle - 1;
        }
        return low;
    }
}
