using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// Writes metric families from a sample straight into a scrape's buffer (the concrete
/// <see cref="ScrapeBuffer"/>, so its small calls inline), in the text format 0.0.4
/// or OpenMetrics 1.0, with no object per series: a family's HELP and TYPE lines are written
/// before its first series only, so a family with no series this sample prints nothing.
/// Values and label values are written byte for byte as prometheus-net writes them.
/// </summary>
/// <example><c>writer.BeginFamily(family); writer.Series().Label("name"u8, jail.Name).Value(42);</c></example>
internal sealed class ExpositionWriter(ScrapeBuffer output, ExpositionFormat format)
{
    // The characters a label value escapes (text format 0.0.4 and OpenMetrics alike).
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\\"\n");

    // Longest "g" form of a double ("-1.7976931348623157e+308") or "D" form of a long, and ".0".
    private const int MaxNumberLength = 32;

    private readonly bool _openMetrics = format == ExpositionFormat.OpenMetricsText;
    private MetricFamily? _family;
    private bool _headerWritten;
    private bool _hasLabels;

    /// <summary>Starts <paramref name="family"/>; its header is written with its first <see cref="Series"/>.</summary>
    public void BeginFamily(MetricFamily family)
    {
        _family = family;
        _headerWritten = false;
    }

    /// <summary>Starts a series of the current family: its labels follow, then <see cref="Value"/> ends it.</summary>
    public ExpositionWriter Series()
    {
        var family = _family ?? throw new InvalidOperationException("A series needs BeginFamily first");
        if (!_headerWritten)
        {
            Write(_openMetrics ? family.OpenMetricsHeader : family.TextHeader);
            _headerWritten = true;
        }
        Write(family.NameUtf8);
        _hasLabels = false;
        return this;
    }

    public ExpositionWriter Label(ReadOnlySpan<byte> name, string value)
    {
        BeginLabel(name);
        WriteEscaped(value);
        Write("\""u8);
        return this;
    }

    /// <summary>A number as label value, as <c>long.ToString(CultureInfo.InvariantCulture)</c> writes it.</summary>
    public ExpositionWriter Label(ReadOnlySpan<byte> name, long value)
    {
        BeginLabel(name);
        var span = output.GetSpan(MaxNumberLength);
        if (!value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException($"Cannot format {value}");
        output.Advance(written);
        Write("\""u8);
        return this;
    }

    /// <summary>A list as label value, as <c>string.Join(separator, values)</c> would give it.</summary>
    public ExpositionWriter Label(ReadOnlySpan<byte> name, ImmutableArray<string> values, char separator)
    {
        BeginLabel(name);
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) WriteEscaped(new ReadOnlySpan<char>(in separator));
            WriteEscaped(values[i]);
        }
        Write("\""u8);
        return this;
    }

    /// <summary>Ends the series with its value.</summary>
    public void Value(double value)
    {
        Write(_hasLabels ? "} "u8 : " "u8);
        WriteNumber(value);
        Write("\n"u8);
    }

    private void BeginLabel(ReadOnlySpan<byte> name)
    {
        Write(_hasLabels ? ","u8 : "{"u8);
        _hasLabels = true;
        Write(name);
        Write("=\""u8);
    }

    /// <summary>
    /// As prometheus-net writes a double: the shortest round-trip form ("g", invariant culture), so
    /// the text format has 1, 0.25, 1e+20, 1e-07, NaN, Infinity, -Infinity. OpenMetrics has 0.0, 1.0,
    /// -1.0, +Inf, -Inf and NaN, and any other number without "." or "e" gets ".0" (42.0), so every
    /// value reads as a float.
    /// </summary>
    private void WriteNumber(double value)
    {
        if (_openMetrics)
        {
            ReadOnlySpan<byte> fixedForm = value switch
            {
                0 => "0.0"u8,
                1 => "1.0"u8,
                -1 => "-1.0"u8,
                double.PositiveInfinity => "+Inf"u8,
                double.NegativeInfinity => "-Inf"u8,
                double.NaN => "NaN"u8,
                _ => default,
            };
            if (!fixedForm.IsEmpty)
            {
                Write(fixedForm);
                return;
            }
        }
        var span = output.GetSpan(MaxNumberLength + 2);
        if (!value.TryFormat(span, out int written, "g", CultureInfo.InvariantCulture)) throw new InvalidOperationException($"Cannot format {value}");
        if (_openMetrics && span[..written].IndexOfAny(".e"u8) < 0)
        {
            ".0"u8.CopyTo(span[written..]);
            written += 2;
        }
        output.Advance(written);
    }

    private void WriteEscaped(ReadOnlySpan<char> text)
    {
        while (true)
        {
            int special = text.IndexOfAny(Escaped);
            WriteUtf8(special < 0 ? text : text[..special]);
            if (special < 0) return;
            Write(text[special] switch
            {
                '\\' => "\\\\"u8,
                '"' => "\\\""u8,
                _ => "\\n"u8,
            });
            text = text[(special + 1)..];
        }
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
