namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>The lock state of a dump: contended/held locks, lockdep held locks per task, the wait-for graph and its cycles.</summary>
public sealed record LockReport(
    IReadOnlyList<KernelLock> Locks,
    IReadOnlyList<TaskHeldLocks> HeldLocks,
    IReadOnlyList<WaitEdge> WaitFor,
    IReadOnlyList<Deadlock> Deadlocks,
    IReadOnlyList<string> Warnings);
