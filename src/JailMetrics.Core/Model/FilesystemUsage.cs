namespace JailMetrics.Model;

/// <summary>statfs(2) of a jail's root directory.</summary>
public sealed record FilesystemUsage(
    string MountPoint,
    ulong SizeBytes,
    ulong FreeBytes,
    ulong AvailableBytes,
    ulong Files,
    ulong FilesFree)
{
    public ulong UsedBytes => SizeBytes >= FreeBytes ? SizeBytes - FreeBytes : 0;
    public ulong FilesUsed => Files >= FilesFree ? Files - FilesFree : 0;
}
