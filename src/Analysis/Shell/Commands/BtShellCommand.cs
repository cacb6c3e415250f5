using Crashdesk.Analysis.Extractors.Backtrace;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>bt</c> (kernel.c cmd_bt()) in the text <c>crashdesk bt</c> prints: the panic task with
/// no argument, every CPU's active task with <c>-a</c>, the tasks named by PIDs and task addresses
/// otherwise; <c>-f</c> adds each frame's stack words, <c>-l</c> each frame's file and line.
/// </summary>
internal sealed class BtShellCommand : IShellCommand
{
    public string Name => "bt";

    public string Summary => "backtraces: the panic task, every CPU's active task (-a), or PIDs and task addresses (-f stack words, -l lines)";

    public string Usage => "bt [-a|-f|-l] [pid | task] ...";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        CrashOptions.Check(this, invocation, "-a", "-f", "-l");
        var lines = invocation.Has("-l") ? SourceLines.For(shell) : null;
        var extractor = shell.GetBacktraces(cancellationToken);
        if (invocation.Has("-a"))
        {
            // cmd_bt(): "-a" takes no task argument.
            if (invocation.Arguments.Count > 0)
                throw new ShellCommandException($"bt: invalid task or pid value: {invocation.Arguments[0]}");
            BacktraceShellText.Write(shell, output, extractor.ForActiveCpus(), invocation.Has("-f"), lines, cancellationToken);
            return;
        }
        if (invocation.Arguments.Count == 0)
        {
            if (extractor.ForPanic() is not { } panic)
                throw new ShellCommandException("bt: the panicking CPU is unknown (no panic_cpu/crashing_cpu in the dump); try bt -a");
            BacktraceShellText.Write(shell, output, panic, invocation.Has("-f"), lines);
            return;
        }
        bool subsequent = false;
        foreach (string word in invocation.Arguments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ShellTasks.Resolve(shell.GetTasks(cancellationToken), word) is not { } tasks)
            {
                // kernel.c cmd_bt(): error(INFO, "%sinvalid task or pid value: %s\n", subsequent++ ? "\n" : "", …) and go on.
                string message = $"bt: invalid task or pid value: {word}";
                if (invocation.Arguments.Count == 1)
                    throw new ShellCommandException(message);
                output.WriteLine((subsequent ? "\n" : "") + message);
                subsequent = true;
                continue;
            }
            foreach (var task in tasks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (subsequent)
                    output.WriteLine();
                subsequent = true;
                BacktraceShellText.Write(shell, output, extractor.ForTask(task.Address), invocation.Has("-f"), lines);
            }
        }
    }
}
