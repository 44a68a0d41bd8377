using JailMetrics.FreeBsd.Layouts;
using JailMetrics.Testing.FreeBsd;

namespace JailMetrics.FreeBsd.Tests.Layouts;

public sealed class IfDataAndStatfsLayoutTests
{
    [Fact]
    public void If_data_counters_are_read_from_offset_24_on()
    {
        // sys/net/if.h struct if_data (FreeBSD 12+): 152 bytes, u64 counters ipackets@24 … noproto@112.
        var data = KernelStructs.IfData(ipackets: 1, ierrors: 2, opackets: 3, oerrors: 4, ibytes: 5, obytes: 6, iqdrops: 7, oqdrops: 8);
        Assert.Equal(152, data.Length);

        var c = IfDataLayout.Read(data);

        Assert.Equal((1ul, 2ul, 3ul, 4ul, 5ul, 6ul, 7ul, 8ul),
            (c.InPackets, c.InErrors, c.OutPackets, c.OutErrors, c.InBytes, c.OutBytes, c.InQueueDrops, c.OutQueueDrops));
    }

    [Fact]
    public void A_short_if_data_is_refused()
    {
        var data = KernelStructs.IfData();
        data[6] = 96; // ifi_datalen of an older, u_long-counter struct
        data[7] = 0;
        Assert.Throws<FormatException>(() => IfDataLayout.Read(data));
        Assert.Throws<FormatException>(() => IfDataLayout.Read(new byte[100]));
    }

    [Fact]
    public void Statfs_gives_bytes_and_inodes()
    {
        // sys/sys/mount.h struct statfs: f_bsize@16, f_blocks@32, f_bfree@40, f_bavail@48, f_files@56, f_ffree@64, f_mntonname@1320.
        var bytes = KernelStructs.Statfs("/jails/web", blockSize: 4096, blocks: 1000, freeBlocks: 400, availableBlocks: 300, files: 5000, freeFiles: 4000);
        Assert.Equal(2344, bytes.Length);

        var fs = StatfsLayout.Read(bytes);

        Assert.Equal("/jails/web", fs.MountPoint);
        Assert.Equal(4_096_000ul, fs.SizeBytes);
        Assert.Equal(1_638_400ul, fs.FreeBytes);
        Assert.Equal(1_228_800ul, fs.AvailableBytes);
        Assert.Equal(2_457_600ul, fs.UsedBytes);
        Assert.Equal(5000ul, fs.Files);
        Assert.Equal(4000ul, fs.FilesFree);
        Assert.Equal(1000ul, fs.FilesUsed);
    }

    [Fact]
    public void Negative_f_bavail_means_none_available()
    {
        // UFS: root may dip into the reserve; f_bavail (int64) then goes negative.
        var fs = StatfsLayout.Read(KernelStructs.Statfs("/", 4096, blocks: 1000, freeBlocks: 10, availableBlocks: -40, files: 10, freeFiles: -1));
        Assert.Equal(0ul, fs.AvailableBytes);
        Assert.Equal(0ul, fs.FilesFree);
    }

    [Fact]
    public void A_statfs_of_another_version_or_size_is_refused()
    {
        // FREEBSD11_STATFS_VERSION 0x20030518: the pre-ino64 struct.
        Assert.Throws<FormatException>(() => StatfsLayout.Read(KernelStructs.Statfs("/", 512, 1, 1, 1, 1, 1, version: 0x20030518)));
        Assert.Throws<FormatException>(() => StatfsLayout.Read(new byte[2336]));
    }

    [Fact]
    public void Statfs_offsets_are_the_headers()
    {
        Assert.Equal(16, StatfsLayout.FBsize);
        Assert.Equal(32, StatfsLayout.FBlocks);
        Assert.Equal(40, StatfsLayout.FBfree);
        Assert.Equal(48, StatfsLayout.FBavail);
        Assert.Equal(56, StatfsLayout.FFiles);
        Assert.Equal(64, StatfsLayout.FFfree);
        Assert.Equal(280, StatfsLayout.FFstypename); // after f_charspare[80] at 200
        Assert.Equal(1320, StatfsLayout.FMntonname); // 296 + MNAMELEN (1024)
    }
}
