namespace JailMetrics.State;

/// <summary>Where the service keeps what must survive a restart (config section <c>State</c>).</summary>
public sealed class StateOptions
{
    public const string Section = "State";

    /// <summary>The state directory; created on first use.</summary>
    public string Directory { get; set; } = DefaultDirectory();

    /// <summary>
    /// /var/db/jailmetrics on FreeBSD (hier(7)), /var/lib/jailmetrics on Linux when root, else the
    /// user's XDG state directory so a newcomer can run the service unprivileged.
    /// </summary>
    public static string DefaultDirectory()
    {
        if (OperatingSystem.IsFreeBSD()) return "/var/db/jailmetrics";
        if (Environment.UserName == "root") return "/var/lib/jailmetrics";
        string? xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "state") : xdg, "jailmetrics");
    }
}
