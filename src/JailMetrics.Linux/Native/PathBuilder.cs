using System.Buffers.Text;
using System.Text;

namespace JailMetrics.Linux.Native;

/// <summary>Builds a NUL-terminated UTF-8 path such as <c>/proc/1234/status</c> in a caller's span.</summary>
internal ref struct PathBuilder
{
    private readonly Span<byte> _buffer;
    private int _length;

    public PathBuilder(Span<byte> buffer, ReadOnlySpan<byte> prefix)
    {
        _buffer = buffer;
        prefix.CopyTo(buffer);
        _length = prefix.Length;
    }

    public readonly int Length => _length;

    public void Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(_buffer[_length..]);
        _length += utf8.Length;
    }

    public void Append(string text) => _length += Encoding.UTF8.GetBytes(text, _buffer[_length..]);

    public void Append(int value)
    {
        Utf8Formatter.TryFormat(value, _buffer[_length..], out int written);
        _length += written;
    }

    /// <summary>Cuts the path back to <paramref name="length"/> bytes (to reuse a common prefix).</summary>
    public void Truncate(int length) => _length = length;

    /// <summary>The path with its NUL terminator.</summary>
    public readonly ReadOnlySpan<byte> Terminated()
    {
        _buffer[_length] = 0;
        return _buffer[..(_length + 1)];
    }

    public readonly override string ToString() => Encoding.UTF8.GetString(_buffer[.._length]);
}
