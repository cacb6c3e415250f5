namespace Crashdesk.Analysis.Triage;

/// <summary>The OOM killer's report (mm/oom_kill.c dump_header, oom_kill_process, __oom_kill_process).</summary>
public sealed record OomDetail
{
    /// <summary>The task that invoked the OOM killer.</summary>
    public string? InvokerComm { get; init; }

    /// <summary>The allocation's gfp_mask as printed (`0x140cca`).</summary>
    public string? GfpMask { get; init; }

    /// <summary>The allocation order (2^order pages); -1 when no allocation invoked it (SysRq-f, drivers/tty/sysrq.c moom_callback).</summary>
    public int? Order { get; init; }

    /// <summary>`oom-kill:constraint=`: CONSTRAINT_NONE, CONSTRAINT_CPUSET, CONSTRAINT_MEMORY_POLICY or CONSTRAINT_MEMCG.</summary>
    public string? Constraint { get; init; }

    /// <summary>PID of the task the OOM killer killed.</summary>
    public int? KilledPid { get; init; }

    /// <summary>comm of the killed task.</summary>
    public string? KilledComm { get; init; }

    /// <summary>The killed task's total-vm in KiB.</summary>
    public long? KilledTotalVmKb { get; init; }

    /// <summary>Its anon-rss in KiB.</summary>
    public long? KilledAnonRssKb { get; init; }

    /// <summary>Its file-rss in KiB.</summary>
    public long? KilledFileRssKb { get; init; }

    /// <summary>Its shmem-rss in KiB, on kernels that print it.</summary>
    public long? KilledShmemRssKb { get; init; }

    /// <summary>`N pages RAM` of the memory summary (show_mem()).</summary>
    public long? PagesRam { get; init; }

    /// <summary>`free:N` of the memory summary.</summary>
    public long? FreePages { get; init; }

    /// <summary>The task with the largest RSS in the `Tasks state` table (pages), when printed.</summary>
    public string? LargestTaskComm { get; init; }

    /// <summary>That task's RSS in pages.</summary>
    public long? LargestTaskRssPages { get; init; }

    /// <summary>True when the OOM ended in a panic (panic_on_oom or no killable task).</summary>
    public bool Panicked { get; init; }
}
