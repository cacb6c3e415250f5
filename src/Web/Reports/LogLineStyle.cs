namespace Crashdesk.Web.Reports;

/// <summary>
/// A colour for a kernel-log line. The report's log is crash's `log` text, which carries no printk
/// level (only `log -m` shows it), so the line is judged by what it says: the headers the kernel
/// prints for oopses, BUGs and panics (lib/bug.c, arch/x86/mm/fault.c, kernel/panic.c) are errors,
/// WARNING/INFO/hung-task/OOM lines warnings, and the call-trace and register lines that follow
/// them are dimmed.
/// </summary>
public static class LogLineStyle
{
    private static readonly string[] _errors =
    [
        "Kernel panic - not syncing", "BUG: ", "kernel BUG at", "Oops: ", "general protection fault", "Unable to handle kernel",
        "Internal error:", "stack-protector:", "double fault",
    ];

    private static readonly string[] _warnings =
    [
        "WARNING: ", "INFO: task ", "INFO: rcu", "rcu: INFO:", "Out of memory", "invoked oom-killer", "Killed process", "hung_task",
        "blocked for more than", "soft lockup", "hard LOCKUP", "possible circular locking", "possible recursive locking", "Tainted:",
    ];

    private static readonly string[] _trace = ["Call Trace:", "<TASK>", "</TASK>", "RIP: ", "RSP: ", "RAX: ", "RDX: ", "RBP: ", "R10: ", "R13: ", "FS: ", "CS: ", "CR2: ", "Code: ", "Modules linked in:"];

    /// <summary>The CSS class of <paramref name="line"/>: <c>cd-log-err</c>, <c>cd-log-warn</c>, <c>cd-log-trace</c> or null.</summary>
    public static string? Of(string line)
    {
        var text = WithoutTimestamp(line);
        if (_errors.Any(e => text.Contains(e, StringComparison.Ordinal)))
            return "cd-log-err";
        if (_warnings.Any(w => text.Contains(w, StringComparison.Ordinal)))
            return "cd-log-warn";
        if (_trace.Any(t => text.StartsWith(t, StringComparison.Ordinal)) || text.StartsWith(" ? ", StringComparison.Ordinal) || text.StartsWith("  ", StringComparison.Ordinal))
            return "cd-log-trace";
        return null;
    }

    /// <summary>The line after its "[ seconds.micros]" printk time, as crash prints it.</summary>
    private static string WithoutTimestamp(string line)
    {
        if (!line.StartsWith('['))
            return line;
        int end = line.IndexOf("] ", StringComparison.Ordinal);
        return end < 0 || end > 20 ? line : line[(end + 2)..];
    }
}
