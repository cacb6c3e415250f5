using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Web.Reports;

/// <summary>
/// The order an engineer reads backtraces in (issue 6): the panicking task, then each CPU's active
/// task, then tasks in D state (the hung ones), then the rest — each tagged with why it is there.
/// </summary>
public static class BacktraceOrder
{
    /// <summary>One backtrace with its group ("panic", "active", "D state", "other") and crash-style text.</summary>
    public sealed record Entry(TaskBacktrace Trace, string Group, string State, string Text);

    public static IReadOnlyList<Entry> Of(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var states = new Dictionary<ulong, string>();
        foreach (var task in report.Tasks ?? [])
            states.TryAdd(task.Address, task.State);
        ulong? panicTask = report.System?.PanicTask?.Task;
        var entries = new List<Entry>();
        foreach (var bt in (report.ActiveBacktraces ?? []).OrderBy(b => b.Task == panicTask ? 0 : 1).ThenBy(b => b.Cpu))
            entries.Add(Make(bt, bt.Task == panicTask ? "panic" : "active", states));
        foreach (var bt in (report.TaskBacktraces ?? []).OrderBy(b => State(states, b) == "UN" ? 0 : 1).ThenBy(b => b.Pid))
            entries.Add(Make(bt, State(states, bt) == "UN" ? "D state" : "other", states));
        return entries;
    }

    /// <summary>True when <paramref name="filter"/> matches the task's comm, its PID or a frame's function (case-insensitive).</summary>
    public static bool Matches(Entry entry, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
            return true;
        string f = filter.Trim();
        var bt = entry.Trace;
        return bt.Comm.Contains(f, StringComparison.OrdinalIgnoreCase)
            || bt.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) == f
            || bt.Frames.Any(fr => fr.Function?.Contains(f, StringComparison.OrdinalIgnoreCase) == true);
    }

    private static string State(Dictionary<ulong, string> states, TaskBacktrace bt) => states.GetValueOrDefault(bt.Task, "");

    private static Entry Make(TaskBacktrace bt, string group, Dictionary<ulong, string> states) =>
        new(bt, group, State(states, bt), CrashBacktraceText.Format(bt));
}
