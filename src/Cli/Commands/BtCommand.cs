using System.Globalization;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk bt [-a | PID | --all-tasks] &lt;dump&gt; [--vmlinux F | --profile F] [--json]`: crash's
/// `bt` — the panicking task (default), the active task of every CPU (`-a`), one task, or every
/// task (`foreach bt`, in <see cref="BacktraceOrder"/>: panic, active, D state, the rest). Without a debug kernel the dump's own kallsyms, BTF
/// and in-memory ORC tables are used.
/// </summary>
internal sealed class BtCommand : ICliCommand
{
    public string Name => "bt";

    public string Summary => "backtraces like crash's `bt` (-a: every CPU, PID, --all-tasks; --vmlinux F, --json)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        var p = arguments.Positionals;
        if (p.Count is < 1 or > 2 || (p.Count == 2 && !int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            error.WriteLine("usage: crashdesk bt [-a | PID | --all-tasks] <dump> [--vmlinux F | --profile F] [--json]");
            return 2;
        }
        string path = p[^1];
        if (!File.Exists(path))
        {
            error.WriteLine($"crashdesk bt: {path}: no such file");
            return 1;
        }
        try
        {
            using var debug = arguments.Option("--vmlinux") is not null || arguments.Option("--profile") is not null ? DebugInfoLoader.Load(arguments, error) : null;
            using var source = new FileByteSource(path);
            var context = KernelContextFactory.Create(KernelTarget.Open(source), debug?.Info);
            var extractor = new BacktraceExtractor(context, debug?.Info is { } info ? DebugFrameSource.From(info) : null);
            List<TaskBacktrace> traces;
            if (arguments.Has("-a"))
                traces = [.. extractor.ForActiveCpus()];
            else if (arguments.Has("--all-tasks"))
            {
                // crash `foreach bt`, in the engine's reading order (the panicking task, the other
                // CPUs' active tasks, D state, the rest); the shell's `foreach bt` reads the same.
                traces = [.. BacktraceOrder.ForEachTask(extractor, TaskListExtractor.Extract(context).Tasks).Select(o => o.Trace)];
            }
            else if (p.Count == 2)
            {
                int pid = int.Parse(p[0], CultureInfo.InvariantCulture);
                var tasks = TaskListExtractor.Extract(context).Tasks.Where(t => t.Pid == pid && !t.IsIdle).Select(t => t.Address);
                if (extractor.ForPid(pid, tasks) is not { } one)
                {
                    output.WriteLine($"bt: invalid task or pid value: {pid}");
                    return 1;
                }
                traces = [one];
            }
            else if (extractor.ForPanic() is { } panic)
                traces = [panic];
            else
            {
                error.WriteLine("crashdesk bt: the panicking CPU is unknown (no panic_cpu/crashing_cpu); try -a");
                return 1;
            }
            if (arguments.Has("--json"))
                output.WriteLine(BacktraceJson.Serialize(traces));
            else
                output.Write(CrashBacktraceText.Format(traces));
            return 0;
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"crashdesk bt: {e.Message.ReplaceLineEndings(" ").Trim()}");
            return 1;
        }
    }
}
