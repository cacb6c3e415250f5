using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Tasks;

namespace Crashdesk.Analysis.Reports;

/// <summary>
/// The order an engineer reads backtraces in, the one order of the engine (the report's task
/// backtraces, the CLI's `bt --all-tasks` and `analyze`, the web Backtraces panel): the panicking
/// task first, then each CPU's active task by CPU (crash `bt -a`), then the tasks in
/// uninterruptible sleep by PID — the hung ones, which a hung-task panic or a deadlock is about —
/// then every other task by PID (crash `foreach bt`).
/// </summary>
public static class BacktraceOrder
{
    /// <summary>crash's `ps` code of TASK_UNINTERRUPTIBLE without TASK_NOLOAD (<see cref="TaskStates"/>): a D-state task.</summary>
    public const string UninterruptibleState = "UN";

    /// <summary>The backtraces of <paramref name="report"/> (active and other tasks) in reading order.</summary>
    public static IReadOnlyList<OrderedBacktrace> Of(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Of(report.ActiveBacktraces ?? [], report.TaskBacktraces ?? [], report.System?.PanicTask?.Task, report.Tasks ?? []);
    }

    /// <summary>
    /// <paramref name="active"/> (one per CPU) and <paramref name="others"/> in reading order;
    /// <paramref name="panicTask"/> is the panicking task's `task_struct` address when known, and
    /// <paramref name="tasks"/> give each task's state.
    /// </summary>
    public static IReadOnlyList<OrderedBacktrace> Of(IEnumerable<TaskBacktrace> active, IEnumerable<TaskBacktrace> others, ulong? panicTask, IEnumerable<KernelTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(tasks);
        var states = new Dictionary<ulong, string>();
        foreach (var task in tasks)
            states.TryAdd(task.Address, task.State);
        string StateOf(TaskBacktrace bt) => states.GetValueOrDefault(bt.Task, "");
        var ordered = new List<OrderedBacktrace>();
        foreach (var bt in active.OrderBy(b => b.Task == panicTask ? 0 : 1).ThenBy(b => b.Cpu))
            ordered.Add(new OrderedBacktrace(bt, bt.Task == panicTask ? BacktraceGroup.Panic : BacktraceGroup.Active, StateOf(bt)));
        foreach (var bt in others.OrderBy(b => StateOf(b) == UninterruptibleState ? 0 : 1).ThenBy(b => b.Pid))
            ordered.Add(new OrderedBacktrace(bt, StateOf(bt) == UninterruptibleState ? BacktraceGroup.Uninterruptible : BacktraceGroup.Other, StateOf(bt)));
        return ordered;
    }

    /// <summary>
    /// crash's `foreach bt`: every task except the idle ones, in reading order — the panicking task,
    /// the other CPUs' active tasks by CPU, the D-state tasks, then the rest by PID — unwound one at
    /// a time as the sequence is read (so a caller can print each and stop between two), checking
    /// <paramref name="cancellationToken"/> before each task. <paramref name="include"/> keeps only
    /// some tasks (crash's `foreach UN bt`: the D-state ones), all when null.
    /// </summary>
    public static IEnumerable<OrderedBacktrace> ForEachTask(BacktraceExtractor extractor, IReadOnlyList<KernelTask> tasks, Func<KernelTask, bool>? include = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(tasks);
        var busy = new Dictionary<ulong, KernelTask>();
        foreach (var task in tasks)
            if (!task.IsIdle && (include is null || include(task)))
                busy.TryAdd(task.Address, task);
        ulong? panic = extractor.PanicTask;
        var activeCpus = extractor.CurrentTasks.Where(c => busy.ContainsKey(c.Value))
            .OrderBy(c => c.Value == panic ? 0 : 1).ThenBy(c => c.Key).ToList();
        var active = activeCpus.Select(c => c.Value).ToHashSet();
        foreach (var (cpu, task) in activeCpus)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trace = extractor.ForCpu(cpu);
            yield return new OrderedBacktrace(trace, task == panic ? BacktraceGroup.Panic : BacktraceGroup.Active, busy[task].State);
        }
        // The same order as Of(): D state first, then by PID (a stable sort over the task list's order).
        var others = busy.Values.Where(t => !active.Contains(t.Address))
            .OrderBy(t => t.State == UninterruptibleState ? 0 : 1).ThenBy(t => t.Pid);
        foreach (var task in others)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trace = extractor.ForTask(task.Address);
            yield return new OrderedBacktrace(trace, task.State == UninterruptibleState ? BacktraceGroup.Uninterruptible : BacktraceGroup.Other, task.State);
        }
    }
}
