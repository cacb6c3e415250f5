using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Extractors.Tasks;

/// <summary>
/// The offsets the task walk needs, resolved once from the kernel's types. Members that moved
/// between versions are found by presence: `__state` (5.14+) or `state`; `cpu` in task_struct
/// (THREAD_INFO_IN_TASK) or in thread_info; signal->thread_head/thread_node (3.14+) or thread_group.
/// </summary>
internal sealed class TaskLayout
{
    public required long TaskSize { get; init; }
    public required long Tasks { get; init; }
    public required long Pid { get; init; }
    public required long Tgid { get; init; }
    public required long RealParent { get; init; }
    public required long Comm { get; init; }
    public required long Mm { get; init; }
    public required long Flags { get; init; }
    public required long State { get; init; }
    public required int StateSize { get; init; }
    public required long? ExitState { get; init; }
    public required long Cpu { get; init; }
    public required long Signal { get; init; }
    public required long? ThreadNode { get; init; }
    public required long? SignalThreadHead { get; init; }
    public required long? ThreadGroup { get; init; }
    public required long? TaskRssCount { get; init; }
    public required long? MmRssCount { get; init; }
    public required long MmRssStride { get; init; }
    public required long? MmTotalVm { get; init; }
    public required long? RqCurr { get; init; }
    public required long? RqIdle { get; init; }

    /// <summary>The bytes of a task_struct the walk reads (from 0 to the last needed field).</summary>
    public int ReadSpan { get; private set; }

    public static TaskLayout Resolve(KernelContext context)
    {
        var t = context.Types;
        const string task = "task_struct";
        string stateName = t.OffsetOf(task, "__state") is not null ? "__state" : "state";
        long? cpu = t.OffsetOf(task, "cpu") ?? t.OffsetOf(task, "thread_info.cpu");
        long? rssStat = t.OffsetOf("mm_struct", "rss_stat");
        long? mmRss = null;
        long stride = 8;
        if (rssStat is not null && t.MemberType("mm_struct", "rss_stat") is { } rssType)
        {
            if (rssType.Resolved.Kind == KernelTypeKind.Array)
            {
                // 6.2+: struct percpu_counter rss_stat[NR_MM_COUNTERS]; use each counter's global count.
                long elem = rssType.Resolved.Target?.Resolved.Size ?? 0;
                long countIn = t.OffsetOf("percpu_counter", "count") ?? 0;
                if (elem > 0)
                {
                    mmRss = rssStat + countIn;
                    stride = elem;
                }
            }
            else if (t.OffsetOf("mm_rss_stat", "count") is { } c)
                mmRss = rssStat + c;
        }
        var layout = new TaskLayout
        {
            TaskSize = t.RequireSize(task),
            Tasks = t.RequireOffset(task, "tasks"),
            Pid = t.RequireOffset(task, "pid"),
            Tgid = t.RequireOffset(task, "tgid"),
            RealParent = t.RequireOffset(task, "real_parent"),
            Comm = t.RequireOffset(task, "comm"),
            Mm = t.RequireOffset(task, "mm"),
            Flags = t.RequireOffset(task, "flags"),
            State = t.RequireOffset(task, stateName),
            StateSize = (int)(t.MemberType(task, stateName)?.Resolved.Size ?? 4),
            ExitState = t.OffsetOf(task, "exit_state"),
            Cpu = cpu ?? throw new NotSupportedException("the kernel's types have neither task_struct.cpu nor thread_info.cpu"),
            Signal = t.RequireOffset(task, "signal"),
            ThreadNode = t.OffsetOf(task, "thread_node"),
            SignalThreadHead = t.OffsetOf("signal_struct", "thread_head"),
            ThreadGroup = t.OffsetOf(task, "thread_group"),
            TaskRssCount = t.OffsetOf(task, "rss_stat.count"),
            MmRssCount = mmRss,
            MmRssStride = stride,
            MmTotalVm = t.OffsetOf("mm_struct", "total_vm"),
            RqCurr = t.OffsetOf("rq", "curr"),
            RqIdle = t.OffsetOf("rq", "idle"),
        };
        long end = new[]
        {
            layout.Tasks + 16, layout.Pid + 4, layout.Tgid + 4, layout.RealParent + 8, layout.Comm + 16, layout.Mm + 8,
            layout.Flags + 4, layout.State + layout.StateSize, (layout.ExitState ?? 0) + 4, layout.Cpu + 4, layout.Signal + 8,
            (layout.ThreadNode ?? 0) + 16, (layout.ThreadGroup ?? 0) + 16, (layout.TaskRssCount ?? 0) + 8,
        }.Max();
        if (end > layout.TaskSize || layout.TaskSize > 1 << 20)
            throw new DumpFormatException($"task_struct layout is implausible: size {layout.TaskSize}, fields up to {end}");
        layout.ReadSpan = (int)end;
        return layout;
    }
}
