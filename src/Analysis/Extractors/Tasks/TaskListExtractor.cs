using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Tasks;

/// <summary>
/// Lists every task the way a healthy kernel links them, not through the PID hash (crash 8.0.2
/// builds its task table from the PID hash and misses every non-running task on 6.1 kernels:
/// "active task … not found in PID hash"): thread-group leaders from
/// init_task.tasks, their threads from signal->thread_head / task_struct.thread_node
/// (kernel/fork.c copy_process()), and each CPU's idle task from runqueues[cpu].idle
/// (kernel/sched/core.c init_idle(); CPU 0's is init_task). The active task per CPU is
/// runqueues[cpu].curr, as crash's get_active_set() reads it.
/// </summary>
public static class TaskListExtractor
{
    private const uint PfExiting = 0x4;

    /// <summary>Walks the task lists. Throws <see cref="NotSupportedException"/> without types.</summary>
    public static TaskList Extract(KernelContext context, CancellationToken cancellationToken = default)
    {
        var layout = TaskLayout.Resolve(context);
        if (!context.TryGetSymbolAddress("init_task", out ulong initTask))
            throw new NotSupportedException("the kernel's symbols have no init_task");
        var walk = new Walk(context, layout, cancellationToken);
        var warnings = walk.Warnings;

        var leaders = walk.FollowList(initTask + (ulong)layout.Tasks, layout.Tasks, "init_task.tasks", r => r.TasksNext);
        var all = new List<RawTask>(leaders);
        foreach (var leader in leaders)
            all.AddRange(walk.Threads(leader));

        var percpu = PerCpuAreas.Read(context);
        var idle = new List<RawTask>();
        var active = new ulong[percpu.CpuIds];
        for (int cpu = 0; cpu < percpu.CpuIds; cpu++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!PerCpuAreas.Contains(percpu.Possible, cpu))
                continue;
            ulong idleTask = cpu == 0 ? initTask : 0;
            if (percpu.TryGetAddress("runqueues", cpu, out ulong rq))
            {
                if (layout.RqIdle is { } io && context.Target.KernelMemory.TryReadU64(rq + (ulong)io, out ulong i) && i != 0)
                    idleTask = i;
                if (layout.RqCurr is { } co && context.Target.KernelMemory.TryReadU64(rq + (ulong)co, out ulong c))
                    active[cpu] = c;
            }
            if (idleTask != 0 && walk.TryRead(idleTask, $"idle task of CPU {cpu}") is { } raw)
                idle.Add(raw);
        }

        long? totalPages = PresentPages(context, warnings);
        var byAddress = new Dictionary<ulong, RawTask>();
        foreach (var r in idle.Concat(all))
            byAddress.TryAdd(r.Address, r);
        var splitRss = all.GroupBy(r => r.Tgid).ToDictionary(g => g.Key, g => g.Sum(r => Math.Max(0, r.SplitRssFile) + Math.Max(0, r.SplitRssAnon)));
        var activeSet = active.Where(a => a != 0).ToHashSet();
        var mmCache = new Dictionary<ulong, (long? Rss, long? TotalVm)>();

        KernelTask Build(RawTask r, bool isIdle)
        {
            bool kthread = (r.Flags & TaskStates.PfKthread) != 0;
            long? rss = 0, vm = 0;
            bool exiting = (r.Flags & PfExiting) != 0 || (r.ExitState & 0x20) != 0;
            if (r.Mm != 0 && !exiting && !isIdle)
            {
                if (!mmCache.TryGetValue(r.Mm, out var usage))
                    mmCache[r.Mm] = usage = walk.MmUsage(r.Mm, r.Pid, r.Comm);
                rss = usage.Rss + splitRss.GetValueOrDefault(r.Tgid);
                vm = usage.TotalVm;
            }
            // crash shows PPID 0 for every idle task (secondary CPUs' idle tasks are forked by init).
            // An unreadable parent is unknown, never a made-up pid.
            int? ppid = r.RealParent == 0 || isIdle ? 0
                : byAddress.TryGetValue(r.RealParent, out var parent) ? parent.Pid
                : context.Target.KernelMemory.TryReadU32(r.RealParent + (ulong)layout.Pid, out uint p) ? (int)p : null;
            return new KernelTask
            {
                Address = r.Address, Pid = r.Pid, Tgid = r.Tgid, Ppid = ppid, Cpu = r.Cpu,
                State = TaskStates.ToCode(r.State, r.ExitState), RawState = r.State, ExitState = r.ExitState,
                Comm = r.Comm, Mm = r.Mm, IsKernelThread = kthread, IsIdle = isIdle,
                IsActive = activeSet.Contains(r.Address), TotalVmPages = vm, RssPages = rss,
            };
        }

        var tasks = new List<KernelTask>(idle.Count + all.Count);
        var seen = new HashSet<ulong>();
        foreach (var r in idle.OrderBy(r => r.Cpu))
            if (seen.Add(r.Address))
                tasks.Add(Build(r, true));
        foreach (var r in all.OrderBy(r => r.Pid))
            if (seen.Add(r.Address))
                tasks.Add(Build(r, false));
        // Nothing at all read is not "no tasks": a kernel always has init_task.
        if (tasks.Count == 0 && walk.LostTasks)
            throw new MemoryNotPresentException(initTask, layout.ReadSpan, "init_task (no task_struct could be read, so the task list is unknown)");
        return new TaskList(tasks, active, totalPages, PageSize(context), warnings) { IsComplete = !walk.LostTasks };
    }

    /// <summary>
    /// The %MEM divisor, or null with the reason in <paramref name="warnings"/>: 0 would make every
    /// task's %MEM 0.0, as if the machine had no memory in use.
    /// </summary>
    private static long? PresentPages(KernelContext context, List<string> warnings)
    {
        try
        {
            if (MemoryNodes.PresentPages(context) is { } pages)
                return pages;
            warnings.Add("node_present_pages: the kernel's types or symbols do not give the memory nodes, so %MEM is unknown");
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException)
        {
            warnings.Add($"node_present_pages: {e.Message}, so %MEM is unknown");
        }
        return null;
    }

    private static int PageSize(KernelContext context) =>
        context.Target.VmcoreInfo.PageSize is { } p and > 0 ? (int)p : 4096;

    /// <summary>The state of one walk: reads, cycle detection, the task cap.</summary>
    private sealed class Walk(KernelContext context, TaskLayout layout, CancellationToken cancellationToken)
    {
        private readonly HashSet<ulong> _visited = [];
        private readonly int _maxTasks = context.Target.Limits.MaxTasks;

        public List<string> Warnings { get; } = [];

        /// <summary>A list head or a task_struct on the way was not in the dump: tasks are missing.</summary>
        public bool LostTasks { get; private set; }

        public RawTask? TryRead(ulong task, string what)
        {
            byte[] buffer = new byte[layout.ReadSpan];
            if (!context.Target.KernelMemory.TryReadExactly(task, buffer))
            {
                LostTasks = true;
                Warnings.Add($"{what}: task_struct at 0x{task:x} is not in the dump");
                return null;
            }
            return RawTask.Decode(task, buffer, layout);
        }

        /// <summary>Follows a circular list_head of tasks from its head (exclusive), nodes at <paramref name="nodeOffset"/>.</summary>
        public List<RawTask> FollowList(ulong head, long nodeOffset, string what, Func<RawTask, ulong> next, RawTask? skip = null)
        {
            var result = new List<RawTask>();
            if (!context.Target.KernelMemory.TryReadU64(head, out ulong node))
            {
                LostTasks = true;
                Warnings.Add($"{what}: list head at 0x{head:x} is not in the dump");
                return result;
            }
            while (node != head)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ulong task = unchecked(node - (ulong)nodeOffset);
                if (skip is not null && task == skip.Address)
                {
                    node = next(skip);
                    continue;
                }
                if (!_visited.Add(task))
                    throw new DumpFormatException($"{what}: list revisits task_struct 0x{task:x} (node 0x{node:x}): cycle or corrupt link");
                if (_visited.Count > _maxTasks)
                    throw new DumpFormatException($"{what}: more than {_maxTasks} tasks on the list (a limit of {_maxTasks} tasks): a corrupt list");
                if (TryRead(task, what) is not { } raw)
                    break;
                result.Add(raw);
                node = next(raw);
            }
            return result;
        }

        /// <summary>The threads of a thread-group leader other than itself.</summary>
        public List<RawTask> Threads(RawTask leader)
        {
            if (layout.SignalThreadHead is { } headOffset && layout.ThreadNode is { } nodeOffset)
            {
                if (leader.Signal == 0)
                    return [];
                return FollowList(leader.Signal + (ulong)headOffset, nodeOffset, $"threads of pid {leader.Pid}", r => r.ThreadNodeNext, leader);
            }
            if (layout.ThreadGroup is { } groupOffset)
                return FollowList(leader.Address + (ulong)groupOffset, groupOffset, $"thread_group of pid {leader.Pid}", r => r.ThreadGroupNext);
            return [];
        }

        /// <summary>
        /// crash's get_task_mem_usage(): MM_FILEPAGES + MM_ANONPAGES (negative counts as 0), total_vm.
        /// A counter that cannot be read makes the value unknown (null, with a warning), not 0.
        /// </summary>
        public (long? Rss, long? TotalVm) MmUsage(ulong mm, int pid, string comm)
        {
            var memory = context.Target.KernelMemory;
            long? rss = null, vm = null;
            if (layout.MmRssCount is { } c)
            {
                rss = 0;
                for (int i = 0; i < 2 && rss is not null; i++)
                {
                    if (!memory.TryReadU64(mm + (ulong)(c + i * layout.MmRssStride), out ulong v))
                        rss = null;
                    else if ((long)v > 0)
                        rss += (long)v;
                }
            }
            if (layout.MmTotalVm is { } t && memory.TryReadU64(mm + (ulong)t, out ulong total))
                vm = (long)Math.Min(total, 1UL << 52);
            if (rss is null || vm is null)
                Warnings.Add($"pid {pid} ({Diagnostics.DumpText.Escape(comm)}): {(rss is null && vm is null ? "RSS and VSZ are" : rss is null ? "RSS is" : "VSZ is")} unknown: "
                    + (layout.MmRssCount is null || layout.MmTotalVm is null ? "the kernel's types do not give mm_struct's counters" : $"mm_struct at 0x{mm:x} is not in the dump"));
            return (rss, vm);
        }
    }
}
