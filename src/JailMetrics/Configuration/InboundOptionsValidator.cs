using JailMetrics.Service.Inbound;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>Every inbound route is complete and its Enforce rule parses; the queue and body limits are sane.</summary>
public sealed class InboundOptionsValidator : IValidateOptions<InboundOptions>
{
    public ValidateOptionsResult Validate(string? name, InboundOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        InboundRoute.Parse(options.Routes, out var errors);
        foreach (string error in errors) failures.AddError(error);
        if (options.QueueCapacity is < 1 or > 100_000)
            failures.AddError($"{InboundOptions.Section}:{nameof(InboundOptions.QueueCapacity)}: {options.QueueCapacity} must be 1..100000");
        if (options.MaxBodyBytes is < 1024 or > 64 << 20)
            failures.AddError($"{InboundOptions.Section}:{nameof(InboundOptions.MaxBodyBytes)}: {options.MaxBodyBytes} must be 1024..67108864");
        return failures.Build();
    }
}
