using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Picks the naming frame of hangs and stalls, whose top frames are a random point of a loop or of the
/// wait machinery: hung tasks skip scheduler, lock and wait frames (grouping hangs on RCU grace periods
/// and on rtnl_lock), stalls take the frame just above the dispatch point that entered the looping
/// code (syscall entry, work item, softirq, timer, kthread, a VFS or socket operation).
/// </summary>
internal static class FrameExtractors
{
    private static readonly string[] _hungSkip =
    [
        "sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait", "synchronize",
        "context_switch", "__switch_to", "cancel_delayed_work", "rcu_barrier",
    ];

    private static readonly Regex _stallAnchors = new(string.Join("|",
    [
        // Dispatchers: work items, syscall entry, softirq, timers, kthreads, CPU bring-up.
        "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2", "el0_svc_handler",
        "invoke_syscall", "ret_fast_syscall", "netif_receive_skb", "do_softirq", "call_timer_fn", "_run_timers",
        "run_timer_softirq", "hrtimer_run", "run_ksoftirqd", "smpboot_thread_fn", "^kthread$", "start_secondary",
        "cpu_startup_entry", "ret_from_fork",
        // File operations: the frame above names the driver or filesystem.
        "vfs_write", "vfs_read", "vfs_iter_read", "vfs_iter_write", "do_iter_read", "do_iter_write", "call_read_iter",
        "call_write_iter", "new_sync_read", "new_sync_write", "vfs_ioctl", "ksys_ioctl", "compat_ioctl",
        "compat_sys_ioctl", "blkdev_driver_ioctl", "blkdev_ioctl", "do_iter_readv_writev", "^call_mmap",
        "mmap_region", "do_mmap", "do_dentry_open", "vfs_open",
        // Socket operations: the frame above names the protocol.
        "^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release", "^setsockopt$", "kernel_setsockopt",
        "sock_common_setsockopt", "^listen$", "kernel_listen", "sk_common_release", "^sock_mmap", "^accept$",
        "kernel_accept", "^sock_do_ioctl", "^sock_ioctl", "^compat_sock_ioctl", "^nfnetlink_rcv_msg",
        "^rtnetlink_rcv_msg", "^netlink_dump", "^(sys_)?(socketpair|connect|ioctl)",
        // Page faults and return-to-user work.
        "__do_fault", "do_page_fault", "^page_fault$", "__fput", "task_work_run", "exit_to_usermode",
        "smp_call_function", "tasklet_action", "tasklet_hi_action",
    ]), RegexOptions.CultureInvariant);

    /// <summary>Index of the naming frame of a hung task in <paramref name="frames"/> (canonical names), or -1.</summary>
    public static (string? Name, int Index) HungTask(IReadOnlyList<string> frames)
    {
        for (int i = 0; i < frames.Count; i++)
        {
            string f = frames[i];
            if (f.Contains("rtnl_lock", StringComparison.Ordinal))
                return (f, i);
            if (f.Contains("synchronize_rcu", StringComparison.Ordinal) || f.Contains("synchronize_srcu", StringComparison.Ordinal)
                || f.Contains("synchronize_net", StringComparison.Ordinal) || f.Contains("synchronize_sched", StringComparison.Ordinal))
                return ("synchronize_rcu", i);
        }
        for (int i = 0; i < frames.Count; i++)
        {
            if (!_hungSkip.Any(s => frames[i].Contains(s, StringComparison.Ordinal)))
                return (frames[i], i);
        }
        return (null, -1);
    }

    /// <summary>The frame above the first dispatch point, or (null, -1) when the stack has none.</summary>
    public static (string? Name, int Index) Stall(IReadOnlyList<string> frames)
    {
        if (frames.Count == 0)
            return (null, -1);
        for (int i = 0; i < frames.Count; i++)
        {
            if (!_stallAnchors.IsMatch(frames[i]))
                continue;
            if (frames[i].Contains("smp_call_function", StringComparison.Ordinal))
                return ("smp_call_function", i);
            return i == 0 ? (frames[0], 0) : (frames[i - 1], i - 1);
        }
        return (null, -1);
    }
}
