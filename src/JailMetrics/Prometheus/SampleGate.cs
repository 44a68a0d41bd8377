namespace JailMetrics.Service.Prometheus;

/// <summary>
/// Keeps a scrape to one sample: <see cref="PrometheusView"/> publishes each sample here whole,
/// and a scrape takes the latest one once and writes every family from it (<see cref="SampleExposition"/>),
/// so no scrape prints some families from one sample and some from the next.
/// </summary>
/// <remarks>
/// A sample is immutable, so handing it over is one reference: no lock, and neither a slow scrape
/// nor a slow client ever holds up the sampler. A service of its own (not part of the view) so the
/// metrics endpoint can be mapped without building the view.
/// </remarks>
public sealed class SampleGate
{
    private PublishedSample? _current;

    /// <summary>The latest sample, or null before the first.</summary>
    internal PublishedSample? Current => Volatile.Read(ref _current);

    internal void Publish(PublishedSample sample) => Volatile.Write(ref _current, sample);
}
