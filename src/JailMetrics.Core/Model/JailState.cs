namespace JailMetrics.Model;

/// <summary>The life state of a jail, as jls(8) shows it.</summary>
public enum JailState
{
    /// <summary>Running normally.</summary>
    Active = 1,
    /// <summary>Removed but still holding resources (FreeBSD JAIL_DYING; a Linux PID namespace whose init has exited).</summary>
    Dying = 2,
}
