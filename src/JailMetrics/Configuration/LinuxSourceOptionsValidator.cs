using JailMetrics.Linux;
using JailMetrics.Model;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>procfs and sysfs are where they are said to be (on Linux, where they are read), renames are usable names, and the kept-file cap is not negative.</summary>
public sealed class LinuxSourceOptionsValidator : IValidateOptions<LinuxSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, LinuxSourceOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        CheckDirectory(failures, Settings.ProcRoot, options.ProcRoot);
        CheckDirectory(failures, Settings.SysRoot, options.SysRoot);
        if (options.MaxKeptFiles < 0)
            failures.AddError($"{LinuxSourceOptions.Section}:{nameof(LinuxSourceOptions.MaxKeptFiles)}: {options.MaxKeptFiles} is negative; 0 keeps no file open between samples, and leaving it unset keeps up to half the soft RLIMIT_NOFILE");
        foreach (var (source, jailName) in options.Names)
        {
            string key = $"{LinuxSourceOptions.Section}:{nameof(LinuxSourceOptions.Names)}:{source}";
            if (string.IsNullOrWhiteSpace(jailName))
                failures.AddError($"{key}: the name is empty");
            else if (jailName == JailInfo.HostName)
                failures.AddError($"{key}: '{JailInfo.HostName}' is the name of the host itself");
        }
        return failures.Build();
    }

    private static void CheckDirectory(ValidateOptionsResultBuilder failures, Setting setting, string path)
    {
        if (string.IsNullOrWhiteSpace(path)) failures.AddError($"{setting.DisplayName}: must name a directory");
        else if (OperatingSystem.IsLinux() && !Directory.Exists(path)) failures.AddError($"{setting.DisplayName}: '{path}' is not a directory");
    }
}
