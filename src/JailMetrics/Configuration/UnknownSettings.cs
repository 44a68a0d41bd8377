using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Finds keys in a known section that no option has (<c>Web:TelemetyPath</c>): a misspelt setting
/// must stop startup, not be silently ignored. Sections this service does not know are left alone,
/// so other parts can add their own.
/// </summary>
public static class UnknownSettings
{
    /// <summary>
    /// The keys an options class binds: its public writable properties. The annotation keeps them in
    /// a trimmed (NativeAOT) build, where reflection sees only what the compiler was told to keep.
    /// </summary>
    public static IReadOnlyList<string> KeysOf<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>() =>
        [.. typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name)];

    public static IEnumerable<string> Find(IConfiguration configuration, IEnumerable<(string Section, IReadOnlyList<string> Keys)> sections)
    {
        foreach (var (section, known) in sections)
        {
            foreach (var child in configuration.GetSection(section).GetChildren())
            {
                if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
                yield return $"{child.Path}: unknown setting; {section} has {string.Join(", ", known)}";
            }
        }
    }
}
