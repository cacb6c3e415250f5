using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Unwind;

namespace Crashdesk.Analysis.Extractors.RunQueues;

/// <summary>
/// Reads every CPU's runqueue as crash's `runq` does (task.c dump_CFS_runqueues()): the per-CPU
/// <c>runqueues</c>, <c>rq.curr</c>, the real-time queues <c>rq.rt.active.queue[]</c> (lists of
/// <c>sched_rt_entity.run_list</c>) and the CFS tree <c>rq.cfs.tasks_timeline</c> (nodes are
/// <c>sched_entity.run_node</c>); a group entity (<c>my_q</c> set) stands for its group's queue,
/// which is read in its place. Every walk is bounded, so a corrupt list or tree ends with a warning.
/// </summary>
public static class RunQueueExtractor
{
    // include/linux/sched/prio.h: MAX_RT_PRIO, the length of rt_prio_array.queue[].
    private const int MaxRtPrio = 100;
    // How deep task groups nest (kernel/sched/core.c has no limit; cgroup trees are shallow).
    private const int MaxGroupDepth = 32;

    /// <summary>The runqueue of every CPU 0..<paramref name="cpus"/>−1 whose copy of <c>runqueues</c> exists.</summary>
    public static IReadOnlyList<RunQueue> Extract(KernelContext context, int cpus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = context.Types;
        var layout = new Layout
        {
            Curr = t.RequireOffset("rq", "curr"),
            Rt = t.RequireOffset("rq", "rt"),
            RtActive = t.RequireOffset("rt_rq", "active"),
            Queue = t.RequireOffset("rt_prio_array", "queue"),
            RtQueueCount = RtQueues(t),
            Cfs = t.RequireOffset("rq", "cfs"),
            TasksTimeline = t.RequireOffset("cfs_rq", "tasks_timeline"),
            CfsCurr = t.OffsetOf("cfs_rq", "curr"),
            TaskRt = t.RequireOffset("task_struct", "rt"),
            RtRunList = t.RequireOffset("sched_rt_entity", "run_list"),
            RtMyQ = t.OffsetOf("sched_rt_entity", "my_q"),
            TaskSe = t.RequireOffset("task_struct", "se"),
            RunNode = t.RequireOffset("sched_entity", "run_node"),
            SeMyQ = t.OffsetOf("sched_entity", "my_q"),
            Prio = t.RequireOffset("task_struct", "prio"),
        };
        int limit = context.Target.Limits.MaxTasks;
        var result = new List<RunQueue>();
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!PerCpu.TryGetAddress(context, "runqueues", cpu, out ulong rq))
                continue;
            var m = context.Target.KernelMemory;
            var warnings = new List<string>();
            ulong current = m.TryReadU64(rq + (ulong)layout.Curr, out ulong c) ? c : 0;
            if (current == 0)
                warnings.Add($"runqueues[{cpu}].curr at 0x{rq + (ulong)layout.Curr:x} is not in the dump");
            ulong prioArray = rq + (ulong)layout.Rt + (ulong)layout.RtActive;
            var rt = new List<QueuedTask>();
            ReadRt(m, layout, prioArray, rt, warnings, limit, 0, cancellationToken);
            ulong cfsRq = rq + (ulong)layout.Cfs;
            ulong root = cfsRq + (ulong)layout.TasksTimeline;
            var cfs = new List<QueuedTask>();
            ReadCfs(m, layout, cfsRq, cfs, warnings, limit, 0, cancellationToken);
            result.Add(new RunQueue(cpu, rq, current, prioArray, rt, root, cfs, warnings));
        }
        return result;
    }

    private static int RtQueues(Types.TypeLayout t)
    {
        long? size = t.MemberType("rt_prio_array", "queue")?.Resolved.Size;
        long? head = t.SizeOf("list_head");
        return size is > 0 && head is > 0 ? (int)(size.Value / head.Value) : MaxRtPrio;
    }

    /// <summary>The member offsets the walk needs (kernel/sched/sched.h, include/linux/sched.h).</summary>
    private sealed record Layout
    {
        public required long Curr { get; init; }
        public required long Rt { get; init; }
        public required long RtActive { get; init; }
        public required long Queue { get; init; }
        public required int RtQueueCount { get; init; }
        public required long Cfs { get; init; }
        public required long TasksTimeline { get; init; }
        public required long? CfsCurr { get; init; }
        public required long TaskRt { get; init; }
        public required long RtRunList { get; init; }
        public required long? RtMyQ { get; init; }
        public required long TaskSe { get; init; }
        public required long RunNode { get; init; }
        public required long? SeMyQ { get; init; }
        public required long Prio { get; init; }
    }

    // task.c dump_RT_prio_array(): each non-empty queue[i] is a list of sched_rt_entity.run_list.
    private static void ReadRt(IMemoryReader m, Layout l, ulong prioArray, List<QueuedTask> tasks, List<string> warnings, int limit, int depth, CancellationToken ct)
    {
        for (int i = 0; i < l.RtQueueCount; i++)
        {
            ulong head = prioArray + (ulong)l.Queue + (ulong)(i * 16);
            if (!m.TryReadU64(head, out ulong next))
            {
                warnings.Add($"rt_prio_array.queue[{i}] at 0x{head:x} is not in the dump");
                continue;
            }
            int steps = 0;
            while (next != head)
            {
                ct.ThrowIfCancellationRequested();
                if (++steps > limit)
                {
                    warnings.Add($"rt_prio_array.queue[{i}] at 0x{head:x} does not come back to its head within {limit} entries");
                    break;
                }
                ulong entity = next - (ulong)l.RtRunList;
                if (l.RtMyQ is { } myQOff && m.TryReadU64(entity + (ulong)myQOff, out ulong myQ) && myQ != 0)
                {
                    if (depth < MaxGroupDepth)
                        ReadRt(m, l, myQ + (ulong)l.RtActive, tasks, warnings, limit, depth + 1, ct);
                }
                else
                    tasks.Add(new QueuedTask(i, entity - (ulong)l.TaskRt));
                if (!m.TryReadU64(next, out next))
                {
                    warnings.Add($"a run_list entry of rt_prio_array.queue[{i}] is not in the dump");
                    break;
                }
            }
        }
    }

    // task.c dump_tasks_in_cfs_rq(): curr's group first, then the tree in order (rb_first, rb_next).
    private static void ReadCfs(IMemoryReader m, Layout l, ulong cfsRq, List<QueuedTask> tasks, List<string> warnings, int limit, int depth, CancellationToken ct)
    {
        // cfs_rq.curr is not in the tree (put_prev_entity re-inserts it); its group queue holds tasks.
        if (l.SeMyQ is { } seMyQ && l.CfsCurr is { } curOff && m.TryReadU64(cfsRq + (ulong)curOff, out ulong curr) && curr != 0
            && m.TryReadU64(curr + (ulong)seMyQ, out ulong currQ) && currQ != 0 && depth < MaxGroupDepth)
            ReadCfs(m, l, currQ, tasks, warnings, limit, depth + 1, ct);
        ulong rootAt = cfsRq + (ulong)l.TasksTimeline;
        if (!m.TryReadU64(rootAt, out ulong node))
        {
            warnings.Add($"cfs_rq.tasks_timeline at 0x{rootAt:x} is not in the dump");
            return;
        }
        // include/linux/rbtree.h: rb_node { unsigned long __rb_parent_color; rb_node *rb_right, *rb_left; }.
        node = Leftmost(m, node, limit);
        int steps = 0;
        var seen = new HashSet<ulong>();
        while (node != 0)
        {
            ct.ThrowIfCancellationRequested();
            if (++steps > limit || !seen.Add(node))
            {
                warnings.Add($"the CFS tree at 0x{rootAt:x} repeats a node or has more than {limit} of them");
                return;
            }
            ulong entity = node - (ulong)l.RunNode;
            if (l.SeMyQ is { } myQOff && m.TryReadU64(entity + (ulong)myQOff, out ulong myQ) && myQ != 0)
            {
                if (depth < MaxGroupDepth)
                    ReadCfs(m, l, myQ, tasks, warnings, limit, depth + 1, ct);
            }
            else
            {
                ulong task = entity - (ulong)l.TaskSe;
                int prio = m.TryReadU32(task + (ulong)l.Prio, out uint p) ? (int)p : -1;
                tasks.Add(new QueuedTask(prio, task));
            }
            if (!TryNext(m, node, limit, out node))
            {
                warnings.Add($"a node of the CFS tree at 0x{rootAt:x} is not in the dump");
                return;
            }
        }
    }

    private static ulong Leftmost(IMemoryReader m, ulong node, int limit)
    {
        for (int i = 0; node != 0 && i < limit && m.TryReadU64(node + 16, out ulong left) && left != 0; i++)
            node = left;
        return node;
    }

    // lib/rbtree.c rb_next(): the right subtree's leftmost node, else the first ancestor we are left of.
    private static bool TryNext(IMemoryReader m, ulong node, int limit, out ulong next)
    {
        next = 0;
        if (!m.TryReadU64(node + 8, out ulong right))
            return false;
        if (right != 0)
        {
            next = Leftmost(m, right, limit);
            return true;
        }
        for (int i = 0; i < limit; i++)
        {
            if (!m.TryReadU64(node, out ulong parentColor))
                return false;
            ulong parent = parentColor & ~3UL;
            if (parent == 0)
                return true;
            if (!m.TryReadU64(parent + 8, out ulong parentRight))
                return false;
            if (parentRight != node)
            {
                next = parent;
                return true;
            }
            node = parent;
        }
        return false;
    }
}
