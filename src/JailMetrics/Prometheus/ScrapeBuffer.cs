using System.Buffers;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// The bytes of one scrape. The buffer is kept for the next scrape when this one is disposed, so a
/// scrape of tens of thousands of series allocates no buffer of its own once one scrape has run.
/// </summary>
/// <remarks>
/// One spare buffer, not <c>ArrayPool&lt;byte&gt;.Shared</c>: the shared pool keeps an array per thread
/// and per size class, so a 2 MB exposition scraped from the thread pool's different threads ended up
/// held several times over, with every smaller size it grew through on the first scrape beside it
/// (issue 8, 1000 jails, 10 scrapes: a large object heap of 10.3 MB, 4.7 MB with one spare buffer).
/// Concurrent scrapes each get a buffer; only one is kept afterwards.
/// </remarks>
internal sealed class ScrapeBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 64 * 1024;

    // The largest scrape so far: the next one starts at that size instead of growing (and copying) to it.
    private static int s_largest = InitialSize;
    private static byte[]? s_spare;

    private byte[] _buffer = Take(Volatile.Read(ref s_largest));
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
        // Keep the larger of this buffer and the spare already kept (a concurrent scrape's).
        var spare = Interlocked.Exchange(ref s_spare, buffer);
        if (spare is not null && spare.Length > buffer.Length) Interlocked.CompareExchange(ref s_spare, spare, buffer);
    }

    /// <summary>The spare buffer when it holds <paramref name="size"/> bytes, else a new one with room to spare.</summary>
    private static byte[] Take(int size)
    {
        var spare = Interlocked.Exchange(ref s_spare, null);
        if (spare is not null && spare.Length >= size) return spare;
        // An eighth more than the largest scrape so far, so a few more series do not make it grow again.
        return GC.AllocateUninitializedArray<byte>(size + size / 8);
    }

    private void Reserve(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed) return;
        ObjectDisposedException.ThrowIf(_disposed, this);
        var larger = GC.AllocateUninitializedArray<byte>(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        _buffer = larger;
    }
}
