namespace JailMetrics.Testing.Sandboxing;

/// <summary>Full paths of the host commands a sandbox is built with; resolving them fails the test with install advice.</summary>
internal sealed record HostTools(string Shell, string Unshare, string Nsenter, string Ip, string Gcc)
{
    public static HostTools Require() => new(
        Shell: Prerequisites.RequireCommand("sh"),
        Unshare: Prerequisites.RequireCommand("unshare"),
        Nsenter: Prerequisites.RequireCommand("nsenter"),
        Ip: Prerequisites.RequireCommand("ip"),
        Gcc: Prerequisites.RequireCommand("gcc"));
}
