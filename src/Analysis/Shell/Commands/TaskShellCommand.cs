using System.Globalization;
using Crashdesk.Analysis.Extractors.Tasks;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>task</c> (task.c cmd_task()): for the panic task, or each task named by PID or
/// address, the `bt` header ("PID: … TASK: … CPU: … COMMAND: …", task.c print_task_header()) and
/// then the whole <c>struct task_struct</c> at that address, printed by the shell's own
/// <c>struct</c> command — one struct printer for both, as crash's task calls its struct dump.
/// </summary>
internal sealed class TaskShellCommand : IShellCommand
{
    public string Name => "task";

    public string Summary => "the panic task's (or each named task's) struct task_struct, after its PID/TASK/CPU/COMMAND header";

    public string Usage => "task [pid | task] ...";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        CrashOptions.Check(this, invocation);
        if (shell.Commands.Find("struct") is not { } structCommand)
            throw new ShellCommandException("task: this shell has no struct command to print the task_struct with");
        var tasks = new List<KernelTask>();
        if (invocation.Arguments.Count == 0)
        {
            // crash's current context at start-up is the panic task.
            ulong panic = shell.GetBacktraces(cancellationToken).PanicTask ?? throw new ShellCommandException("task: the panic task is unknown (no panic_cpu/crashing_cpu in the dump)");
            tasks.Add(shell.GetTasks(cancellationToken).FindByAddress(panic) ?? throw new ShellCommandException($"task: the panic task {panic:x} is not in the task list"));
        }
        foreach (string word in invocation.Arguments)
            tasks.AddRange(ShellTasks.Resolve(shell.GetTasks(cancellationToken), word) ?? throw new ShellCommandException($"task: invalid task or pid value: {word}"));
        bool first = true;
        foreach (var task in tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!first)
                output.WriteLine();
            first = false;
            WriteHeader(output, task);
            string address = task.Address.ToString("x", CultureInfo.InvariantCulture);
            structCommand.Run(shell, ShellInvocation.Parse($"struct task_struct {address}")!, output, cancellationToken);
        }
    }

    // print_task_header(): "PID: %-7ld  TASK: %s  CPU: %-3s  COMMAND: \"%s\"", the PID and TASK linked as in `bt`.
    private static void WriteHeader(ShellOutput output, KernelTask task)
    {
        string pid = task.Pid.ToString(CultureInfo.InvariantCulture);
        string address = task.Address.ToString("x", CultureInfo.InvariantCulture);
        output.Write("PID: ");
        output.WriteLink(pid, ShellTasks.BacktraceCommand(task.Pid, task.Address));
        output.Write(new string(' ', Math.Max(0, 7 - pid.Length)) + "  TASK: ");
        output.WriteLink(address, ShellTasks.StructCommand(task.Address));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU: {task.Cpu,-3}  COMMAND: \"{task.Comm}\""));
    }
}
