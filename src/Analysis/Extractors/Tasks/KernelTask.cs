namespace Crashdesk.Analysis.Extractors.Tasks;

/// <summary>One task (process or thread, or a CPU's idle task) as crash's `ps` shows it.</summary>
public sealed record KernelTask
{
    /// <summary>Address of the task_struct.</summary>
    public required ulong Address { get; init; }

    /// <summary>task_struct.pid (0 for the idle tasks).</summary>
    public required int Pid { get; init; }

    /// <summary>task_struct.tgid: the thread group (process) id.</summary>
    public required int Tgid { get; init; }

    /// <summary>real_parent->pid (crash's PPID column); null when real_parent points at memory the dump does not hold.</summary>
    public required int? Ppid { get; init; }

    /// <summary>The CPU the task last ran on (task_struct.cpu).</summary>
    public required int Cpu { get; init; }

    /// <summary>crash's state code: RU, IN, UN, ID, ZO, ST, TR, DE, PA, WA, NE.</summary>
    public required string State { get; init; }

    /// <summary>task_struct.__state (state before 5.14).</summary>
    public required ulong RawState { get; init; }

    /// <summary>task_struct.exit_state.</summary>
    public required ulong ExitState { get; init; }

    /// <summary>task_struct.comm.</summary>
    public required string Comm { get; init; }

    /// <summary>task_struct.mm (0 for kernel threads).</summary>
    public required ulong Mm { get; init; }

    /// <summary>PF_KTHREAD is set: crash prints the name in brackets.</summary>
    public required bool IsKernelThread { get; init; }

    /// <summary>The idle task of <see cref="Cpu"/> (swapper/N, PID 0).</summary>
    public bool IsIdle { get; init; }

    /// <summary>The task was running on its CPU at the crash (runqueues[cpu].curr): crash's '>' mark.</summary>
    public bool IsActive { get; init; }

    /// <summary>Virtual size in pages (mm_struct.total_vm); 0 for kernel threads; null when the mm_struct could not be read (the reason is in the task list's warnings, the report's "tasks" failures).</summary>
    public long? TotalVmPages { get; init; }

    /// <summary>Resident pages (file + anon counters, as crash counts them); 0 for kernel threads; null when the counters could not be read.</summary>
    public long? RssPages { get; init; }
}
