using Crashdesk.Analysis.Triage;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The call-trace functions two crashes of one bug share: the primary report's reliable frames from
/// the guilty frame down (the reporting code above it is every crash's), without the entry and
/// idle code every trace ends in (arch/x86/entry, kernel/kthread.c, kernel/workqueue.c, init/main.c).
/// </summary>
public static class CaseTraceFrames
{
    public const int MaxFrames = 24;
    public const int FunctionMax = 120;

    private static readonly HashSet<string> _everyTrace = new(StringComparer.Ordinal)
    {
        "do_syscall_64", "entry_SYSCALL_64_after_hwframe", "entry_SYSCALL_64", "ret_from_fork", "ret_from_fork_asm",
        "kthread", "worker_thread", "process_one_work", "smpboot_thread_fn", "cpu_startup_entry", "do_idle",
        "start_secondary", "secondary_startup_64", "secondary_startup_64_no_verify", "common_startup_64",
        "rest_init", "arch_call_rest_init", "start_kernel", "x86_64_start_reservations", "x86_64_start_kernel",
        "__irq_exit_rcu", "irq_exit_rcu", "__do_softirq", "handle_softirqs", "do_softirq", "run_ksoftirqd",
        "el0_svc", "el0t_64_sync", "el0t_64_sync_handler", "do_el0_svc", "invoke_syscall", "el0_svc_common",
    };

    public static List<string>? Of(CrashReport? primary)
    {
        if (primary is null || primary.Frames.Count == 0)
            return null;
        int start = 0;
        if (primary.GuiltyFrame is { } guilty)
        {
            int at = -1;
            for (int i = 0; i < primary.Frames.Count; i++)
                if (primary.Frames[i].Function == guilty)
                {
                    at = i;
                    break;
                }
            start = Math.Max(at, 0);
        }
        var frames = new List<string>();
        for (int i = start; i < primary.Frames.Count && frames.Count < MaxFrames; i++)
        {
            var frame = primary.Frames[i];
            if (!frame.Reliable || frame.Function.Length > FunctionMax || _everyTrace.Contains(frame.Function)
                || frame.Function.StartsWith("asm_", StringComparison.Ordinal) || frames.Contains(frame.Function))
                continue;
            frames.Add(frame.Function);
        }
        return frames.Count == 0 ? null : frames;
    }

    /// <summary>The module the guilty frame is in; null when it is the core kernel's (or unknown).</summary>
    public static string? GuiltyModuleOf(CrashReport? primary)
    {
        if (primary?.GuiltyFrame is not { } guilty)
            return null;
        foreach (var frame in primary.Frames)
            if (frame.Function == guilty)
                return frame.Module is { Length: > 0 and <= 100 } module ? module : null;
        return null;
    }
}
