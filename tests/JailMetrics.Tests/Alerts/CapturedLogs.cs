using Microsoft.Extensions.Logging;

namespace JailMetrics.Tests.Alerts;

/// <summary>A logger provider that keeps every line with its category and level, to count who logged what.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly List<(string Category, LogLevel Level, string Message)> _lines = [];

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines { get { lock (_lines) return [.. _lines]; } }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lines) owner._lines.Add((category, logLevel, formatter(state, exception)));
        }
    }
}
