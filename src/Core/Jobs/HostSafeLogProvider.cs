using Hangfire.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide (LibLog's static <c>LogProvider</c>) while logger factories
/// belong to hosts. Where one process runs several hosts one after another (the test suites), a
/// stopped host's disposed factory would make every later Hangfire log call throw inside the
/// job servers' loops, which then back off for minutes. This wraps the host's provider: a log call
/// into a disposed factory is dropped, never thrown. One host per process (production) is unaffected.
/// </summary>
internal sealed class HostSafeLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name) => new SafeLog(inner, name);

    private sealed class SafeLog(ILogProvider provider, string name) : ILog
    {
        private ILog? _log;

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _log ??= provider.GetLogger(name);
                return _log.Log(logLevel, messageFunc!, exception!);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
