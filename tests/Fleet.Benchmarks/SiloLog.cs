using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fleet.Benchmarks;

/// <summary>
/// Counts what the silo logs at Warning and above instead of printing it (one line per distinct message
/// at the end of each silo's life), so the benchmark output stays readable and nothing is hidden.
/// </summary>
internal sealed class SiloLog : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private int _errors;

    /// <summary>Errors logged since the last <see cref="Drain"/>.</summary>
    public int Errors => Volatile.Read(ref _errors);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    public IReadOnlyList<string> Drain()
    {
        var lines = _counts.OrderByDescending(p => p.Value).Select(p => $"{p.Value:N0}× {p.Key}").ToList();
        _counts.Clear();
        Interlocked.Exchange(ref _errors, 0);
        return lines;
    }

    private sealed class Logger(SiloLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            if (logLevel >= LogLevel.Error) Interlocked.Increment(ref owner._errors);
            var message = formatter(state, exception).Split('\n')[0].Trim();
            if (message.Length > 140) message = message[..140] + "…";
            var cause = exception is null ? "" : $" [{exception.GetType().Name}: {Truncate(exception.Message.Split('\n')[0], 160)}]";
            owner._counts.AddOrUpdate($"{logLevel} {category}: {Normalise(message)}{cause}", 1, (_, n) => n + 1);
        }

        private static string Truncate(string text, int max) => text.Length > max ? text[..max] + "…" : text;

        // Activation ids and addresses differ per grain; keep one line per kind of message.
        private static string Normalise(string message) =>
            System.Text.RegularExpressions.Regex.Replace(message, @"\[Activation: [^\]]*\]|S127\.0\.0\.1:\d+:\d+|[0-9a-f]{32}|(?<=model/)[\w:.-]+|\d{2}:\d{2}:\d{2}\.\d+", "…");
    }
}
