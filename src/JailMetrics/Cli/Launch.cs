namespace JailMetrics.Service.Cli;

/// <summary>What the command line asked for: the configuration file, and the flags given, as configuration keys and values.</summary>
public sealed record Launch(string? ConfigFile, IReadOnlyList<KeyValuePair<string, string?>> Flags);
