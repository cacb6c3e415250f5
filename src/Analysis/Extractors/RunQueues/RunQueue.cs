namespace Crashdesk.Analysis.Extractors.RunQueues;

/// <summary>One CPU's runqueue (kernel/sched/sched.h struct rq) as crash's `runq` shows it.</summary>
/// <param name="Cpu">The CPU.</param>
/// <param name="Address">Its per-CPU <c>runqueues</c> copy.</param>
/// <param name="Current">rq.curr, the task running there (0 when unreadable).</param>
/// <param name="RtPrioArray">Address of rq.rt.active (struct rt_prio_array).</param>
/// <param name="RtTasks">Queued real-time tasks: queue index (priority) and task_struct address, by priority.</param>
/// <param name="CfsRoot">Address of rq.cfs.tasks_timeline (the CFS red-black tree).</param>
/// <param name="CfsTasks">Queued CFS tasks in tree order (leftmost, the next to run, first): task_struct.prio and address.</param>
/// <param name="Warnings">What could not be read or did not add up (the rest is listed).</param>
public sealed record RunQueue(
    int Cpu,
    ulong Address,
    ulong Current,
    ulong RtPrioArray,
    IReadOnlyList<QueuedTask> RtTasks,
    ulong CfsRoot,
    IReadOnlyList<QueuedTask> CfsTasks,
    IReadOnlyList<string> Warnings);

/// <summary>A task on a runqueue.</summary>
/// <param name="Priority">The rt queue index, or task_struct.prio for CFS (what crash prints in brackets).</param>
/// <param name="Task">task_struct address.</param>
public sealed record QueuedTask(int Priority, ulong Task);
