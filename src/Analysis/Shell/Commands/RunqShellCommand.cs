using Crashdesk.Analysis.Extractors.RunQueues;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>crash's <c>runq</c> with no options (task.c cmd_runq() → dump_CFS_runqueues()): each CPU's current task and its real-time and CFS queues.</summary>
internal sealed class RunqShellCommand : IShellCommand
{
    public string Name => "runq";

    public string Summary => "each CPU's runqueue: current task, queued real-time and CFS tasks";

    public string Usage => "runq";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        CrashOptions.Check(this, invocation);
        var target = shell.Target;
        int cpus = Math.Max(target.CpuCount ?? 0, shell.GetTasks(cancellationToken).ActiveTasks.Count);
        var queues = RunQueueExtractor.Extract(shell.Context, cpus, cancellationToken);
        string text = RunQueueText.Format(queues, shell.GetTasks(cancellationToken));
        int start = output.Length;
        output.Write(text);
        // Each task named (current or queued) links to its backtrace.
        int at = 0;
        foreach (string line in text.Split('\n'))
        {
            int pid = line.IndexOf("PID: ", StringComparison.Ordinal);
            int task = line.IndexOf("TASK: ", StringComparison.Ordinal);
            if (pid >= 0 && task > pid)
            {
                string digits = new(line[(pid + 5)..].TakeWhile(char.IsAsciiDigit).ToArray());
                string address = new(line[(task + 6)..].TakeWhile(char.IsAsciiHexDigit).ToArray());
                if (digits.Length > 0 && address.Length > 0)
                {
                    output.AddLink(start + at + pid + 5, digits.Length, digits == "0" ? "bt " + address : "bt " + digits);
                    output.AddLink(start + at + task + 6, address.Length, "struct task_struct " + address);
                }
            }
            at += line.Length + 1;
        }
        foreach (var q in queues)
            foreach (string warning in q.Warnings)
                output.WriteLine($"runq: CPU {q.Cpu}: {warning}");
    }
}
