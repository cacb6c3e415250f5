namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>
/// One sleeping lock the dump shows as held or contended: a `struct mutex`, `struct rw_semaphore`
/// or `struct semaphore`. <see cref="Address"/> is the lock object itself (not its lockdep_map).
/// </summary>
/// <param name="Name">Symbol of the lock ("corpus_mutex"), "symbol+0xoff" inside an object, or the lockdep name.</param>
/// <param name="Address">Address of the lock object.</param>
/// <param name="Kind">"mutex", "rw_semaphore", "semaphore", or "lockdep" when only lockdep names it.</param>
/// <param name="OwnerPid">The owner from the lock's `owner` field (writer for an rwsem), null when none/unknown.</param>
/// <param name="OwnerTask">task_struct address of the owner, null when none/unknown.</param>
/// <param name="WaiterPids">Tasks queued on the lock's wait_list, in queue order.</param>
/// <param name="HolderPids">Tasks whose lockdep held_locks[] list this lock (a task blocked acquiring it is listed too: lockdep records the attempt).</param>
public sealed record KernelLock(
    string Name,
    ulong Address,
    string Kind,
    int? OwnerPid,
    ulong? OwnerTask,
    IReadOnlyList<int> WaiterPids,
    IReadOnlyList<int> HolderPids);
