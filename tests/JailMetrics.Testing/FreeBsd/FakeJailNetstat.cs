using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;

namespace JailMetrics.Testing.FreeBsd;

/// <summary>An <see cref="IJailNetstat"/> answering from a table: a jail with no entry (or a null one) fails, as a jail without netstat would.</summary>
public sealed class FakeJailNetstat : IJailNetstat
{
    private readonly Dictionary<int, IReadOnlyList<InterfaceCounters>?> _answers = [];
    private readonly List<int> _reads = [];

    /// <summary>The JIDs read, in order.</summary>
    public IReadOnlyList<int> Reads
    {
        get { lock (_reads) return [.. _reads]; }
    }

    public void Set(int jid, IReadOnlyList<InterfaceCounters>? interfaces)
    {
        lock (_reads) _answers[jid] = interfaces;
    }

    public IReadOnlyList<InterfaceCounters>? Read(int jid, CancellationToken cancellationToken)
    {
        lock (_reads)
        {
            _reads.Add(jid);
            return _answers.GetValueOrDefault(jid);
        }
    }
}
