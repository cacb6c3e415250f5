using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Web.Reports;

/// <summary>
/// One block of the Backtraces panel: a backtrace in the engine's reading order
/// (<see cref="BacktraceOrder"/>: the panicking task, each CPU's active task, D-state tasks, the
/// rest) with its group label and its crash-style text.
/// </summary>
/// <param name="Pid">The task's PID.</param>
/// <param name="Comm">The task's command.</param>
/// <param name="Cpu">The CPU the task was on.</param>
/// <param name="Error">Why the unwind stopped early, or null.</param>
/// <param name="Functions">The frames' functions (those the unwinder named), for the filter.</param>
/// <param name="Group">"panic", "active", "D state" or "other" (<see cref="OrderedBacktrace.Label"/>).</param>
/// <param name="State">The task's crash `ps` state, empty when unknown.</param>
/// <param name="Text">The backtrace as crash's `bt` prints it.</param>
public sealed record BacktraceEntry(int Pid, string Comm, int Cpu, string? Error, IReadOnlyList<string> Functions, string Group, string State, string Text)
{
    /// <summary>The report's backtraces in reading order.</summary>
    public static IReadOnlyList<BacktraceEntry> Of(AnalysisReport report) =>
        BacktraceOrder.Of(report).Select(o => new BacktraceEntry(
            o.Trace.Pid, o.Trace.Comm, o.Trace.Cpu, o.Trace.Error, [.. o.Trace.Frames.Select(f => f.Function).OfType<string>()],
            o.Label, o.State, CrashBacktraceText.Format(o.Trace))).ToList();

    /// <summary>
    /// The text's lines, each with the frame number it begins (crash's <c> #N [stack] function at
    /// address</c>), or null for the header, registers and exception-frame lines.
    /// </summary>
    public IReadOnlyList<(string Text, int? Frame)> Lines => _lines ??= [.. Text.TrimEnd('\n').Split('\n').Select(l => (l, FrameNumber(l)))];

    private IReadOnlyList<(string Text, int? Frame)>? _lines;

    private static int? FrameNumber(string line)
    {
        var trimmed = line.AsSpan().TrimStart(' ');
        if (trimmed.Length < 2 || trimmed[0] != '#')
            return null;
        int end = 1;
        while (end < trimmed.Length && char.IsAsciiDigit(trimmed[end]))
            end++;
        return end > 1 && end < trimmed.Length && trimmed[end] == ' '
            && int.TryParse(trimmed[1..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
            ? n : null;
    }

    /// <summary>True when <paramref name="filter"/> matches the task's comm, its PID or a frame's function (case-insensitive).</summary>
    public bool Matches(string? filter)
    {
        if (Crashdesk.Web.ViewModels.TaskFilter.Normalize(filter) is not { } f)
            return true;
        return Crashdesk.Web.ViewModels.TaskFilter.MatchesCommOrPid(f, Comm, Pid)
            || Functions.Any(function => function.Contains(f, StringComparison.OrdinalIgnoreCase));
    }
}
