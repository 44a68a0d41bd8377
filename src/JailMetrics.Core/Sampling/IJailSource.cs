using JailMetrics.Model;

namespace JailMetrics.Sampling;

/// <summary>A platform's way of taking one sample of every jail (FreeBSD, Linux, a fixture).</summary>
public interface IJailSource
{
    /// <summary>A short name for logs and build info: <c>freebsd</c>, <c>linux</c>.</summary>
    string Platform { get; }

    /// <summary>
    /// Takes one sample. A jail that vanishes while it is taken is simply absent; a collector that
    /// fails is reported in <see cref="Snapshot.Collectors"/>. Throws only when nothing at all could be read.
    /// </summary>
    Snapshot Sample(CancellationToken cancellationToken);
}
