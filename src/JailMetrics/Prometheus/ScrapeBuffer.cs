using System.Buffers;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// The bytes of one scrape, in an array rented from the shared pool and returned on dispose, so a
/// scrape of tens of thousands of series allocates no buffer of its own once the pool holds one.
/// </summary>
internal sealed class ScrapeBuffer : IBufferWriter<byte>, IDisposable
{
    // The largest scrape so far: the next one rents that much at once instead of growing (and copying) to it.
    private static int s_largest = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Volatile.Read(ref s_largest));
    private int _written;
    private bool _disposed;

    public int WrittenCount => _written;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written) throw new InvalidOperationException("Advanced past the end of the buffer");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_written > Volatile.Read(ref s_largest)) Volatile.Write(ref s_largest, _written);
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Reserve(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed) return;
        ObjectDisposedException.ThrowIf(_disposed, this);
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
