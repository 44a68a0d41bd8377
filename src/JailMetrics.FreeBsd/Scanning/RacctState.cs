namespace JailMetrics.FreeBsd.Scanning;

/// <summary>Whether per-jail RACCT figures can be read this sample, and if not, why (reference/freebsd.md §1.6).</summary>
internal enum RacctState
{
    /// <summary>rctl_get_racct answers: jail usage comes from RACCT.</summary>
    Enabled,
    /// <summary>kern.racct.enable does not exist: the kernel was built without options RACCT.</summary>
    NotInKernel,
    /// <summary>kern.racct.enable = 0: compiled in but switched off at boot (GENERIC's RACCT_DEFAULT_TO_DISABLED).</summary>
    Disabled,
    /// <summary>kern.racct.enable = 1 but rctl(2) answers ENOSYS: the kernel has RACCT without options RCTL.</summary>
    NoRctl,
    /// <summary>rctl(2) answers EPERM: not root, or running inside a jail (no PRIV_RCTL_* for prisons).</summary>
    Denied,
}

internal static class RacctStateText
{
    /// <summary>The operator-facing explanation, saying how to get per-jail RACCT figures.</summary>
    public static string Explain(RacctState state) => state switch
    {
        RacctState.NotInKernel =>
            "RACCT is not compiled into this kernel (kern.racct.enable does not exist): build a kernel with 'options RACCT' and 'options RCTL' to get per-jail accounting.",
        RacctState.Disabled =>
            "RACCT is compiled in but disabled (kern.racct.enable=0, the GENERIC default): add kern.racct.enable=1 to /boot/loader.conf and reboot to get per-jail accounting.",
        RacctState.NoRctl =>
            "kern.racct.enable=1 but rctl(2) is not available (ENOSYS): the kernel needs 'options RCTL' as well as 'options RACCT'.",
        RacctState.Denied =>
            "rctl(2) was refused (EPERM): run jailmetrics as root on the host; jailed processes may not read RACCT.",
        _ => "RACCT is enabled.",
    };
}
