using System.Net.Sockets;
using System.Text;

namespace JailMetrics.FreeBsd.Tests.Devd;

/// <summary>
/// A stand-in for devd's client socket: a real Unix-domain listener of the same type devd creates
/// (sbin/devd/devd.cc <c>create_socket</c>: SOCK_SEQPACKET or SOCK_STREAM), which accepts readers and
/// sends them events the way <c>notify_clients</c> does.
/// </summary>
internal sealed class FakeDevdSocket : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _clients = [];

    public FakeDevdSocket(string path, SocketType type)
    {
        Path = path;
        _listener = new Socket(AddressFamily.Unix, type, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(4);
    }

    public string Path { get; }

    /// <summary>Waits for the reader to connect.</summary>
    public async Task<Socket> AcceptAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var client = await _listener.AcceptAsync(cancel.Token);
        _clients.Add(client);
        return client;
    }

    /// <summary>Sends raw text in one send(2): one record on a seqpacket socket.</summary>
    public static async Task SendAsync(Socket client, string text) =>
        await client.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        _listener.Dispose();
        File.Delete(Path);
    }
}
