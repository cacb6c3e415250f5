namespace Crashdesk.Analysis.Triage;

/// <summary>
/// The crash classes a triaged report can carry. Kept as strings so the JSON contract reads
/// the same in every consumer.
/// </summary>
public static class CrashClass
{
    /// <summary>`BUG: kernel NULL pointer dereference` (arch/x86/mm/fault.c show_fault_oops).</summary>
    public const string NullDeref = "null-deref";
    /// <summary>`BUG: unable to handle page fault` at a non-NULL address.</summary>
    public const string PagingFault = "paging-fault";
    /// <summary>`general protection fault` (arch/x86/kernel/traps.c), often a non-canonical pointer.</summary>
    public const string Gpf = "gpf";
    /// <summary>`kernel BUG at file:line` (BUG(), BUG_ON()).</summary>
    public const string Bug = "bug";
    /// <summary>`WARNING: CPU: N PID: P at file:line` (WARN(), WARN_ON()).</summary>
    public const string Warning = "warning";
    /// <summary>Another CPU exception: invalid opcode, divide error, int3, stack segment, double fault.</summary>
    public const string CpuException = "cpu-exception";
    /// <summary>A corrupted or overflowed kernel stack (stack protector, stack guard page).</summary>
    public const string StackCorruption = "stack-corruption";
    /// <summary>Corrupted kernel data: lists, slab objects, page state, bad usercopy.</summary>
    public const string MemoryCorruption = "memory-corruption";
    /// <summary>`INFO: task comm:pid blocked for more than N seconds` (kernel/hung_task.c).</summary>
    public const string HungTask = "hung-task";
    /// <summary>`watchdog: BUG: soft lockup - CPU#N stuck for Ns!` (kernel/watchdog.c).</summary>
    public const string SoftLockup = "soft-lockup";
    /// <summary>`Watchdog detected hard LOCKUP on cpu N` (kernel/watchdog_perf.c / watchdog_hld.c).</summary>
    public const string HardLockup = "hard-lockup";
    /// <summary>An RCU CPU stall (`rcu: INFO: rcu_sched self-detected stall`, kernel/rcu/tree_stall.h).</summary>
    public const string RcuStall = "rcu-stall";
    /// <summary>A lockdep splat: possible circular or recursive locking, inconsistent lock state.</summary>
    public const string Lockdep = "lockdep";
    /// <summary>Sleeping in atomic context: `scheduling while atomic`, `sleeping function called from invalid context`.</summary>
    public const string AtomicContext = "atomic-context";
    /// <summary>The OOM killer ran or panicked (mm/oom_kill.c).</summary>
    public const string Oom = "oom";
    /// <summary>A hardware error: machine check, GHES, EDAC, an unknown-reason or SERR/IOCK NMI.</summary>
    public const string Hardware = "hardware";
    /// <summary>A KASAN report (mm/kasan): out-of-bounds, use-after-free.</summary>
    public const string Kasan = "kasan";
    /// <summary>A KFENCE report (mm/kfence): sampled out-of-bounds or use-after-free.</summary>
    public const string Kfence = "kfence";
    /// <summary>A KMSAN report: use of uninitialised memory.</summary>
    public const string Kmsan = "kmsan";
    /// <summary>A KCSAN report: a data race.</summary>
    public const string Kcsan = "kcsan";
    /// <summary>A UBSAN report: undefined behaviour (shift out of bounds, array index, overflow).</summary>
    public const string Ubsan = "ubsan";
    /// <summary>A kmemleak report: suspected memory leaks.</summary>
    public const string Memleak = "memleak";
    /// <summary>A crash triggered on purpose with SysRq-c (`sysrq triggered crash`).</summary>
    public const string Sysrq = "sysrq";
    /// <summary>A `Kernel panic - not syncing` with no more specific report before it.</summary>
    public const string Panic = "panic";
    /// <summary>No crash found in the log.</summary>
    public const string None = "none";

    /// <summary>Every class, in declaration order (kinds of oops first, then hangs, sanitizers, panics).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        NullDeref, PagingFault, Gpf, Bug, Warning, CpuException, StackCorruption, MemoryCorruption,
        HungTask, SoftLockup, HardLockup, RcuStall, Lockdep, AtomicContext, Oom, Hardware, Kasan, Kfence,
        Kmsan, Kcsan, Ubsan, Memleak, Sysrq, Panic, None,
    ];
}
