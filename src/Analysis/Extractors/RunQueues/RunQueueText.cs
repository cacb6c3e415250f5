using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Extractors.Tasks;

namespace Crashdesk.Analysis.Extractors.RunQueues;

/// <summary>crash's `runq` text (task.c dump_CFS_runqueues(), dump_RT_prio_array(), dump_task_runq_entry()).</summary>
public static class RunQueueText
{
    /// <summary>
    /// Every runqueue: "CPU N RUNQUEUE: ADDR", "  CURRENT: PID: …", the RT PRIO_ARRAY and CFS RB_ROOT
    /// with their tasks ("     [PRIO] PID: …") or "     [no tasks queued]", blank lines between CPUs.
    /// Task PIDs and names come from <paramref name="tasks"/>.
    /// </summary>
    public static string Format(IReadOnlyList<RunQueue> queues, TaskList tasks)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(tasks);
        var sb = new StringBuilder();
        for (int i = 0; i < queues.Count; i++)
        {
            var q = queues[i];
            sb.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "\n" : "")}CPU {q.Cpu} RUNQUEUE: {q.Address:x}\n");
            sb.Append("  CURRENT: ");
            sb.Append(tasks.FindByAddress(q.Current) is { } current ? Task(current) : q.Current.ToString("x", CultureInfo.InvariantCulture)).Append('\n');
            sb.Append(CultureInfo.InvariantCulture, $"  RT PRIO_ARRAY: {q.RtPrioArray:x}\n");
            Queued(sb, q.RtTasks, tasks);
            sb.Append(CultureInfo.InvariantCulture, $"  CFS RB_ROOT: {q.CfsRoot:x}\n");
            Queued(sb, q.CfsTasks, tasks);
        }
        return sb.ToString();
    }

    /// <summary>crash's "PID: %-5ld  TASK: %lx  COMMAND: \"%s\"".</summary>
    public static string Task(KernelTask t) =>
        string.Create(CultureInfo.InvariantCulture, $"PID: {t.Pid,-5}  TASK: {t.Address:x}  COMMAND: \"{t.Comm}\"");

    private static void Queued(StringBuilder sb, IReadOnlyList<QueuedTask> queued, TaskList tasks)
    {
        int shown = 0;
        foreach (var q in queued)
        {
            // crash skips what is not in its task table (task_to_context() fails); ours has every task,
            // so a queued entity that is no task of the list is shown by its address.
            string who = tasks.FindByAddress(q.Task) is { } t ? Task(t) : string.Create(CultureInfo.InvariantCulture, $"TASK: {q.Task:x} (not in the task list)");
            sb.Append(CultureInfo.InvariantCulture, $"     [{q.Priority,3}] {who}\n");
            shown++;
        }
        if (shown == 0)
            sb.Append("     [no tasks queued]\n");
    }
}
