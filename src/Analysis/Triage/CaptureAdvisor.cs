namespace Crashdesk.Analysis.Triage;

/// <summary>
/// What to enable so the next occurrence is caught better (seeds 000/001: turn silent hangs and
/// reboots into panics that kdump can capture; use a debug kernel with lockdep for lock problems).
/// Advice already followed (the setting is visibly in force) is not repeated.
/// </summary>
internal static class CaptureAdvisor
{
    public static List<string> Advise(string crashClass, IReadOnlyCollection<string> settings, bool hasLockInfo, bool deliberate)
    {
        var advice = new List<string>();
        if (deliberate)
        {
            advice.Add("deliberate test crash: nothing to fix; use it to verify that kdump captured a vmcore");
            return advice;
        }
        bool panicked = settings.Contains("panicked");
        bool kdump = settings.Contains("kdump");
        switch (crashClass)
        {
            case CrashClass.HungTask:
                if (!settings.Contains("hung_task_panic"))
                    advice.Add("set kernel.hung_task_panic=1 (and a suitable kernel.hung_task_timeout_secs) so the next hang panics and kdump captures the blocked tasks");
                if (!hasLockInfo)
                    advice.Add("reproduce on a debug kernel with lockdep (CONFIG_PROVE_LOCKING) so hung-task reports list the locks each task holds");
                advice.Add("while it hangs, capture SysRq-w (blocked tasks) and, on a lockdep kernel, SysRq-d (all held locks)");
                break;
            case CrashClass.SoftLockup:
                if (!settings.Contains("softlockup_panic"))
                    advice.Add("set kernel.softlockup_panic=1 so a soft lockup panics and kdump captures the spinning CPU");
                break;
            case CrashClass.HardLockup:
                if (!settings.Contains("hardlockup_panic"))
                    advice.Add("set kernel.hardlockup_panic=1 (or nmi_watchdog=panic) so a hard lockup panics into kdump");
                break;
            case CrashClass.RcuStall:
                if (!settings.Contains("panic_on_rcu_stall"))
                    advice.Add("set kernel.panic_on_rcu_stall=1 so an RCU stall panics and kdump captures the stalled CPUs");
                break;
            case CrashClass.Warning:
                if (!settings.Contains("panic_on_warn"))
                    advice.Add("on a test system, set kernel.panic_on_warn=1 to capture a vmcore at the warning");
                break;
            case CrashClass.Lockdep:
                advice.Add("lockdep reports a possible deadlock before it happens: report it upstream or to the vendor with this splat");
                break;
            case CrashClass.Oom:
                if (!settings.Contains("panic_on_oom"))
                    advice.Add("to analyse memory usage offline, set vm.panic_on_oom=1 with kdump so the OOM leaves a vmcore");
                advice.Add("collect /proc/meminfo, /proc/slabinfo and the OOM task table over time to see what grows");
                break;
            case CrashClass.Hardware:
                advice.Add("hardware error: check the BMC/IPMI event log and rasdaemon/mcelog, and engage the hardware vendor");
                break;
            case CrashClass.MemoryCorruption:
            case CrashClass.StackCorruption:
                advice.Add("reproduce on a debug kernel with KASAN (or slub_debug=FZPU) to catch the corruption where it happens");
                break;
            case CrashClass.AtomicContext:
                advice.Add("a debug kernel with CONFIG_DEBUG_ATOMIC_SLEEP and lockdep shows where the atomic section began");
                break;
            default:
                if (!panicked && !kdump && crashClass is CrashClass.NullDeref or CrashClass.PagingFault or CrashClass.Gpf
                        or CrashClass.Bug or CrashClass.CpuException)
                    advice.Add("set kernel.panic_on_oops=1 so an oops stops the system for a dump instead of running on damaged");
                break;
        }
        if (!kdump && !advice.Any(a => a.Contains("kdump", StringComparison.Ordinal)))
            advice.Add("configure kdump (crashkernel= and the kdump service) so the next crash leaves a vmcore");
        else if (!kdump)
            advice.Add("kdump did not appear loaded in this log: check crashkernel= and the kdump service");
        return advice;
    }
}
