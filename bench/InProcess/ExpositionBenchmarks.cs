using BenchmarkDotNet.Attributes;
using JailMetrics.Linux;
using JailMetrics.Service.Prometheus;
using Prometheus;

/// <summary>
/// /metrics exposition of about 30 000 series: <see cref="PrometheusView"/> fed one sample of the
/// bench/make-fixture.py tree (JM_BENCH_FIXTURE, 1000 jails by default in bench/micro.sh), then what the
/// endpoint writes for a scrape (the sample's families written straight from it, then the registry's
/// own metrics) into a reused stream, in the text format and in OpenMetrics.
/// Publishing a sample (<see cref="PrometheusView.OnSnapshot"/>, a reference handed over) is timed separately.
/// </summary>
[MemoryDiagnoser]
public class ExpositionBenchmarks
{
    private PrometheusView _view = null!;
    private JailMetrics.Model.Snapshot _snapshot = null!;
    private readonly MemoryStream _buffer = new(8 << 20);

    [GlobalSetup]
    public void Setup()
    {
        string fixture = Environment.GetEnvironmentVariable("JM_BENCH_FIXTURE")
            ?? throw new InvalidOperationException("set JM_BENCH_FIXTURE to a tree from bench/make-fixture.py (bash bench/micro.sh does)");
        using var source = new LinuxJailSource(new LinuxSourceOptions { ProcRoot = fixture + "/proc", SysRoot = fixture + "/sys" });
        _snapshot = source.Sample(CancellationToken.None);
        _view = new PrometheusView(Metrics.NewCustomRegistry(), BuildInfo.Current);
        _view.OnSnapshot(_snapshot);
        Expose();
        string text = System.Text.Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        int series = text.Split('\n').Count(line => line.Length > 0 && line[0] != '#');
        Console.WriteLine($"// exposition: {_snapshot.Jails.Length} jails, {series} series, {_buffer.Length} bytes");
    }

    [Benchmark]
    public long Expose() => Export(ExpositionFormat.PrometheusText);

    [Benchmark]
    public long ExposeOpenMetrics() => Export(ExpositionFormat.OpenMetricsText);

    [Benchmark]
    public void Publish() => _view.OnSnapshot(_snapshot);

    private long Export(ExpositionFormat format)
    {
        _buffer.Position = 0;
        _buffer.SetLength(0);
        _view.ExportAsync(_buffer, format).GetAwaiter().GetResult();
        return _buffer.Length;
    }
}
