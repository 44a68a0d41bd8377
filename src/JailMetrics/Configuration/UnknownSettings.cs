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
    public static IEnumerable<string> Find(IConfiguration configuration, IEnumerable<(string Section, Type Options)> sections)
    {
        foreach (var (section, options) in sections)
        {
            var known = options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .Select(p => p.Name)
                .ToList();
            foreach (var child in configuration.GetSection(section).GetChildren())
            {
                if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
                yield return $"{child.Path}: unknown setting; {section} has {string.Join(", ", known)}";
            }
        }
    }
}
