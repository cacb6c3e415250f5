namespace Crashdesk.Analysis.Triage;

/// <summary>
/// The crash classes a triaged report can carry (issue 4). Kept as strings so the JSON contract reads
/// the same in every consumer.
/// </summary>
public static class CrashClass
{
    public const string NullDeref = "null-deref";
    public const string PagingFault = "paging-fault";
    public const string Gpf = "gpf";
    public const string Bug = "bug";
    public const string Warning = "warning";
    public const string CpuException = "cpu-exception";
    public const string StackCorruption = "stack-corruption";
    public const string MemoryCorruption = "memory-corruption";
    public const string HungTask = "hung-task";
    public const string SoftLockup = "soft-lockup";
    public const string HardLockup = "hard-lockup";
    public const string RcuStall = "rcu-stall";
    public const string Lockdep = "lockdep";
    public const string AtomicContext = "atomic-context";
    public const string Oom = "oom";
    public const string Hardware = "hardware";
    public const string Kasan = "kasan";
    public const string Kfence = "kfence";
    public const string Kmsan = "kmsan";
    public const string Kcsan = "kcsan";
    public const string Ubsan = "ubsan";
    public const string Memleak = "memleak";
    public const string Sysrq = "sysrq";
    public const string Panic = "panic";
    public const string None = "none";

    /// <summary>Every class, in the order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        NullDeref, PagingFault, Gpf, Bug, Warning, CpuException, StackCorruption, MemoryCorruption,
        HungTask, SoftLockup, HardLockup, RcuStall, Lockdep, AtomicContext, Oom, Hardware, Kasan, Kfence,
        Kmsan, Kcsan, Ubsan, Memleak, Sysrq, Panic, None,
    ];
}
