using System.Security.Cryptography;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>
/// A <c>jmtest-*</c> cgroup name claimed for this test process, for a test that makes a cgroup of its
/// own outside <see cref="Sandbox"/> (say, one an administrator limited by hand). The claim is the
/// sandboxes' ownership record, so a leftover sweep in another test project running at the same time
/// leaves the cgroup alone while this process lives, and sweeps it once this process has died.
/// Make the cgroup after claiming the name and remove it before disposing the claim.
/// </summary>
public sealed class ClaimedCgroupName : IDisposable
{
    private readonly OwnershipRecord _record;

    private ClaimedCgroupName(string name, OwnershipRecord record)
    {
        Name = name;
        _record = record;
    }

    /// <summary>The name, e.g. <c>jmtest-foreign-1a2b3c4d</c>; the cgroup path is "/" + Name.</summary>
    public string Name { get; }

    /// <summary>Claims a fresh name: <see cref="LeftoverSweeper.NamePrefix"/>, <paramref name="label"/>, a dash, 8 hex digits.</summary>
    public static ClaimedCgroupName Claim(string label)
    {
        string name = $"{LeftoverSweeper.NamePrefix}{label}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        return new ClaimedCgroupName(name, OwnershipRecord.Claim(name, hostInterface: null));
    }

    public void Dispose() => _record.Release();
}
