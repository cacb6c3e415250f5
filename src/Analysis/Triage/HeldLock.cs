namespace Crashdesk.Analysis.Triage;

/// <summary>
/// One line of a lockdep `N locks held by comm/pid:` block (kernel/locking/lockdep.c print_lock):
/// `#1: ffffffff8f6f7b08 (corpus_mutex){+.+.}-{3:3}, at: corpus_hung.cold+0x30/0x3c`.
/// </summary>
public sealed record HeldLock
{
    /// <summary>N of `#N:`: the position in the task's held-lock stack.</summary>
    public int Index { get; init; }

    /// <summary>The lockdep_map address (6.x kernels print it; older ones do not).</summary>
    public string? Address { get; init; }

    /// <summary>Lock class name including the `#N` name-version suffix (`sb_writers#3`).</summary>
    public required string Name { get; init; }

    /// <summary>Usage bits between braces (`+.+.`).</summary>
    public string? Usage { get; init; }

    /// <summary>Wait-type pair (`3:3`) on kernels with CONFIG_PROVE_RAW_LOCK_NESTING-era output.</summary>
    public string? WaitTypes { get; init; }

    /// <summary>Where it was acquired, as printed (`corpus_hung.cold+0x30/0x3c`).</summary>
    public string? AcquireSite { get; init; }

    /// <summary>Function of the acquire site (`corpus_hung.cold`).</summary>
    public string? AcquireFunction { get; init; }
}
