using JailMetrics.Alerts;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Every configured alert rule parses: one failure line per faulty field, each naming the rule's
/// position, its name and the offending text (<see cref="AlertRuleError"/>), so a startup reports
/// all mistakes at once and the service exits 2 like for any other bad setting.
/// </summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var parsed = AlertRuleParser.Parse(options.Rules);
        return parsed.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(parsed.Errors.Select(e => $"{AlertOptions.Section}:{nameof(AlertOptions.Rules)}:{e.Index}: {e}"));
    }
}
