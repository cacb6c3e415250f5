using System.Text.Json;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Tasks;

namespace Crashdesk.Cli.Commands;

/// <summary>`crashdesk ps &lt;dump&gt; [--vmlinux F] [--json]`: crash's `ps`, every task including threads and idle tasks.</summary>
internal sealed class PsCommand : ICliCommand
{
    public string Name => "ps";

    public string Summary => "crash's `ps`: every task with PID, PPID, CPU, TASK, ST, %MEM, VSZ, RSS, COMM (--vmlinux F, --json)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        KernelCommandRunner.Run(Name, arguments, error, session =>
        {
            var context = KernelContextFactory.Create(session.Target, session.DebugInfo);
            var list = TaskListExtractor.Extract(context);
            foreach (string w in list.Warnings)
                error.WriteLine($"crashdesk ps: {w}");
            if (arguments.Has("--json"))
                output.WriteLine(JsonSerializer.Serialize(new PsJson(list.Tasks, list.TotalPages, list.PageSize), CliJsonContext.Default.PsJson));
            else
                output.Write(TaskListText.Format(list));
            // A list cut short (a task_struct or list head not in the dump) is some of the tasks: exit 1.
            return list.IsComplete ? 0 : 1;
        });
}
