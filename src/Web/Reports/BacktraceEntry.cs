using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Web.Reports;

/// <summary>
/// One block of the Backtraces panel: a backtrace in the engine's reading order
/// (<see cref="BacktraceOrder"/>: the panicking task, each CPU's active task, D-state tasks, the
/// rest) with its group label and its crash-style text.
/// </summary>
/// <param name="Trace">The backtrace.</param>
/// <param name="Group">"panic", "active", "D state" or "other" (<see cref="OrderedBacktrace.Label"/>).</param>
/// <param name="State">The task's crash `ps` state, empty when unknown.</param>
/// <param name="Text">The backtrace as crash's `bt` prints it.</param>
public sealed record BacktraceEntry(TaskBacktrace Trace, string Group, string State, string Text)
{
    /// <summary>The report's backtraces in reading order.</summary>
    public static IReadOnlyList<BacktraceEntry> Of(AnalysisReport report) =>
        BacktraceOrder.Of(report).Select(o => new BacktraceEntry(o.Trace, o.Label, o.State, CrashBacktraceText.Format(o.Trace))).ToList();

    /// <summary>True when <paramref name="filter"/> matches the task's comm, its PID or a frame's function (case-insensitive).</summary>
    public bool Matches(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
            return true;
        string f = filter.Trim();
        return Trace.Comm.Contains(f, StringComparison.OrdinalIgnoreCase)
            || Trace.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) == f
            || Trace.Frames.Any(fr => fr.Function?.Contains(f, StringComparison.OrdinalIgnoreCase) == true);
    }
}
