using Crashdesk.Analysis.Extractors.Backtrace;

namespace Crashdesk.Analysis.Reports;

/// <summary>One backtrace in reading order (<see cref="BacktraceOrder"/>), with why it is there.</summary>
/// <param name="Trace">The backtrace.</param>
/// <param name="Group">Its group: panic, active, D state or other.</param>
/// <param name="State">The task's crash `ps` state ("UN", "IN", "RU", ...), empty when the task list lacks it.</param>
public sealed record OrderedBacktrace(TaskBacktrace Trace, BacktraceGroup Group, string State)
{
    /// <summary>The group as an engineer names it: "panic", "active", "D state", "other".</summary>
    public string Label => Group switch
    {
        BacktraceGroup.Panic => "panic",
        BacktraceGroup.Active => "active",
        BacktraceGroup.Uninterruptible => "D state",
        _ => "other",
    };
}
