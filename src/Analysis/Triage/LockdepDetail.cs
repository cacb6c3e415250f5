namespace Crashdesk.Analysis.Triage;

/// <summary>
/// What a lockdep splat says (kernel/locking/lockdep.c print_circular_bug_header and friends): the lock
/// being acquired, the lock already held, and the recorded dependency chain.
/// </summary>
public sealed record LockdepDetail
{
    /// <summary>`possible circular locking dependency`, `possible recursive locking`, `inconsistent lock state`...</summary>
    public required string Kind { get; init; }

    /// <summary>The task doing the acquisition (`comm/pid`).</summary>
    public string? Task { get; init; }

    /// <summary>The lock the task tried to take (`is trying to acquire lock:`).</summary>
    public HeldLock? Acquiring { get; init; }

    /// <summary>The lock it already held (`but task is already holding lock:`).</summary>
    public HeldLock? Holding { get; init; }

    /// <summary>The existing dependency chain, in the reverse order lockdep prints it (#N first).</summary>
    public IReadOnlyList<LockdepChainLink> Chain { get; init; } = [];
}
