using System.CommandLine;
using JailMetrics.Service.Cli;

// The host handles SIGINT/SIGTERM itself (graceful stop); the command-line parser must not race it.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await CommandLine.Create(ServiceRunner.RunAsync).Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
