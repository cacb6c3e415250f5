namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>A lock found through a waiter record on a blocked task's stack, before naming and owner lookup.</summary>
/// <param name="WaitList">Address of the lock's wait_list head.</param>
/// <param name="Kind">"mutex", "rw_semaphore" or "semaphore".</param>
/// <param name="WaiterTasks">task_struct addresses queued on the wait list, in order.</param>
internal sealed record ContendedLock(ulong WaitList, string Kind, IReadOnlyList<ulong> WaiterTasks);
