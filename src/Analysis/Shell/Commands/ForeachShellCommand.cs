using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>foreach [state] bt</c> (task.c cmd_foreach()): the backtrace of every task but the idle
/// ones in the engine's reading order (<see cref="BacktraceOrder.ForEachTask"/>, as <c>crashdesk bt
/// --all-tasks</c>), or only those in one state (<c>foreach UN bt</c>); printed task by task, so a
/// cancelled run keeps what it printed.
/// </summary>
internal sealed class ForeachShellCommand : IShellCommand
{
    // crash's state keywords (task.c foreach(): RU IN UN ST ZO TR SW DE PA WA ID NE).
    private static readonly string[] States = ["RU", "IN", "UN", "ST", "ZO", "TR", "DE", "PA", "WA", "ID", "NE"];

    public string Name => "foreach";

    public string Summary => "a command for every task, or the tasks in one state: foreach [RU|IN|UN|…] bt [-f]";

    public string Usage => "foreach [state] bt [-f]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        var words = invocation.Words;
        int at = 0;
        string? state = null;
        if (at < words.Count && States.Contains(words[at], StringComparer.Ordinal))
            state = words[at++];
        if (at >= words.Count)
            throw new ShellCommandException("foreach: no keywords specified");
        if (words[at] != "bt")
            throw new ShellCommandException($"foreach: invalid keyword or unsupported command: {words[at]}");
        bool fullFrames = false;
        foreach (string option in words.Skip(at + 1))
        {
            if (option != "-f")
                throw new ShellCommandException($"foreach: bt {option}: only bt and bt -f are available here");
            fullFrames = true;
        }
        Func<KernelTask, bool>? include = state is null ? null : t => t.State == state;
        var traces = BacktraceOrder.ForEachTask(shell.Backtraces, shell.Tasks.Tasks, include, cancellationToken).Select(o => o.Trace);
        BacktraceShellText.Write(shell, output, traces, fullFrames, null, cancellationToken);
    }
}
