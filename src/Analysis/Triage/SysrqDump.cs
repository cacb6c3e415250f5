namespace Crashdesk.Analysis.Triage;

/// <summary>A SysRq diagnostic dump found in the log (drivers/tty/sysrq.c): show-task-states (t),
/// show-blocked-tasks (w), show-all-locks (d), backtrace of all active CPUs (l).</summary>
public sealed record SysrqDump
{
    /// <summary>The SysRq key: `t`, `w`, `d` or `l`.</summary>
    public required string Command { get; init; }

    /// <summary>The line that announced it (`sysrq: Show Blocked State`).</summary>
    public required string Message { get; init; }

    /// <summary>The task stacks it printed (t, w, l).</summary>
    public IReadOnlyList<TaskTrace> Tasks { get; init; } = [];

    /// <summary>The held-lock blocks it printed (d).</summary>
    public IReadOnlyList<TaskLocks> LocksHeld { get; init; } = [];
}
