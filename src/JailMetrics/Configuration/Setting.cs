namespace JailMetrics.Service.Configuration;

/// <summary>
/// One configuration value and every way to give it: its key in the JSON file, its environment
/// variable and its flag. Help text and error messages are built from these, so they cannot drift.
/// </summary>
/// <param name="Key">The configuration key, sections separated by <c>:</c> (<c>Sampling:Interval</c>).</param>
/// <param name="Flag">The command-line flag, node_exporter style (<c>--sampling.interval</c>).</param>
/// <param name="Description">What it sets, for <c>--help</c>.</param>
/// <param name="DefaultText">The default as a user would write it.</param>
/// <param name="IsList">The value is a list: the flag repeats and the key takes indexes (<c>:0</c>, <c>:1</c> …).</param>
public sealed record Setting(string Key, string Flag, string Description, string DefaultText, bool IsList = false)
{
    public const string EnvironmentPrefix = "JAILMETRICS_";

    /// <summary>The environment variable; for a list, the one of its first element.</summary>
    public string EnvironmentVariable => EnvironmentPrefix + Key.Replace(":", "__", StringComparison.Ordinal) + (IsList ? "__0" : "");

    /// <summary>How error messages name the setting: the key, with the flag and variable that set it.</summary>
    public string DisplayName => $"{Key} ({Flag}, {EnvironmentVariable})";
}
