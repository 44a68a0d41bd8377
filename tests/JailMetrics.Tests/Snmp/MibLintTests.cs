namespace JailMetrics.Tests.Snmp;

/// <summary>The MIB compiles cleanly at smilint's strictest level. smilint exits 0 even when it warns, so any output fails.</summary>
public sealed class MibLintTests
{
    [Fact]
    public void Smilint_reports_nothing_at_level_6()
    {
        var result = SmiTools.Lint(RepositoryPaths.JailMetricsMib);

        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, result.ToString());
    }

    [Fact]
    public void Smilint_does_complain_about_a_broken_copy()
    {
        // Proves the test above can fail: an object left out of every conformance group is an error at level 6.
        string broken = Path.Combine(Directory.CreateTempSubdirectory("jailmetrics-mib-").FullName, "JAILMETRICS-MIB.txt");
        try
        {
            string text = File.ReadAllText(RepositoryPaths.JailMetricsMib)
                .Replace("jmCollectorSuccess, jmCollectorDuration,", "jmCollectorSuccess,", StringComparison.Ordinal);
            File.WriteAllText(broken, text);

            var result = SmiTools.Lint(broken);

            Assert.Contains("jmCollectorDuration", result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        }
    }
}
