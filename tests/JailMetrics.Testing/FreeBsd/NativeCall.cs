namespace JailMetrics.Testing.FreeBsd;

/// <summary>
/// One call into <see cref="FakeFreeBsdNative"/>: the libc function it stands for, its argument
/// rendered as text (a sysctl name or MIB, an rctl filter, jail_get's parameter names), the size of
/// the output buffer offered (-1 when none), and the errno it failed with (0 on success).
/// </summary>
public sealed record NativeCall(string Function, string Argument, long BufferSize, int Errno)
{
    public bool Failed => Errno != 0;

    public override string ToString() => $"{Function}({Argument}, {BufferSize}) -> {(Errno == 0 ? "ok" : "errno " + Errno)}";
}
