using System.CommandLine;
using JailMetrics.Service.Cli;

// The host handles SIGINT/SIGTERM itself (graceful stop); the command-line parser must not race it.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
var parse = CommandLine.Create(ServiceRunner.RunAsync).Parse(args);
// A command line that does not parse gets our own report (nearest command or flag, exit 2) instead of the full help.
if (parse.Errors.Count > 0) return UsageErrors.Report(parse, Console.Error);
return await parse.InvokeAsync(invocation).ConfigureAwait(false);
