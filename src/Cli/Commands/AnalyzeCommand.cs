using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Context.Modules;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Locks;
using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk analyze &lt;dump&gt; [--vmlinux F | --profile F] [--no-cache] [--full-log] [--json]`: the
/// full report, the crash session a support engineer runs first: sys, the end of the log, the
/// triage verdict, ps, bt -a, the D-state tasks' bt, locks, mod, kmem -i (and every task's backtrace in --json). With --vmlinux the
/// kernel profile is built once and cached by build-id (--no-cache reads the DWARF every time).
/// </summary>
internal sealed class AnalyzeCommand : ICliCommand
{
    private const int LogTailLines = 40;

    public string Name => "analyze";

    public string Summary => "the full report: sys, log tail, triage, ps, bt -a, locks, mod, kmem -i (--vmlinux F cached as a profile, --json)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        KernelCommandRunner.Run(Name, arguments, error, session =>
        {
            var clock = Stopwatch.StartNew();
            var report = DumpAnalyzer.Analyze(session.Target, new AnalysisOptions { DebugInfo = session.DebugInfo, Timings = session.Timings });
            long analysisMs = clock.ElapsedMilliseconds;
            var writing = session.Timings?.Start(arguments.Has("--json") ? "json output" : "text output");
            if (arguments.Has("--json"))
            {
                output.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.AnalysisReport));
                writing?.Dispose();
                return report.Failures.Count == 0 ? 0 : 3;
            }
            WriteText(report, session, arguments.Has("--full-log"), output);
            writing?.Dispose();
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {session.DebugInfoNote}; analysis {analysisMs} ms"));
            return report.Failures.Count == 0 ? 0 : 3;
        });

    private static void WriteText(AnalysisReport report, KernelCommandRunner.Session session, bool fullLog, TextWriter output)
    {
        void Section(string title) => output.Write($"\n==== {title} ====\n");
        if (report.System is { } sys)
        {
            Section("sys");
            output.Write(SystemInfoText.Format(sys, session.KernelName, session.DumpName));
        }
        if (report.KernelLog is { } log)
        {
            var lines = log.TrimEnd('\n').Split('\n');
            Section(fullLog || lines.Length <= LogTailLines ? "log" : $"log (last {LogTailLines} of {lines.Length} lines; --full-log for all)");
            foreach (string line in fullLog ? lines : lines.TakeLast(LogTailLines))
                output.WriteLine(line);
        }
        if (report.Triage?.Primary is { } t)
        {
            Section("triage");
            output.WriteLine($"class:     {t.Class}");
            output.WriteLine($"title:     {t.Title}");
            if (t.GuiltyFrame is not null)
                output.WriteLine($"guilty:    {t.GuiltyFrame}");
            output.WriteLine($"signature: {t.Signature}");
        }
        if (report.Tasks is { } tasks)
        {
            Section("ps");
            output.Write(TaskListText.Format(new TaskList(tasks, [], report.TotalPages, report.Memory?.PageSize ?? 4096, [])));
        }
        if (report.ActiveBacktraces is { } active)
        {
            Section("bt -a");
            output.Write(CrashBacktraceText.Format(active));
        }
        var hung = BacktraceOrder.Of(report).Where(b => b.Group == BacktraceGroup.Uninterruptible).Select(b => b.Trace).ToList();
        if (hung.Count > 0)
        {
            Section("foreach UN bt");
            output.Write(CrashBacktraceText.Format(hung));
        }
        if (report.Locks is { } locks)
        {
            Section("locks");
            output.Write(LockReportText.Format(locks));
        }
        if (report.Modules is { } modules)
        {
            Section("mod");
            output.Write(ModuleListText.Format(modules, ModuleListText.TextBaseHeaderFor(report.Dump?.KernelRelease)));
        }
        if (report.Memory is { } memory)
        {
            Section("kmem -i");
            output.Write(MemoryInfoText.Format(memory));
        }
        if (report.Failures.Count + report.Skipped.Count > 0)
        {
            Section("not available");
            foreach (var f in report.Failures)
                output.WriteLine($"{f.Extractor}: FAILED: {f.Message}");
            foreach (var f in report.Skipped)
                output.WriteLine($"{f.Extractor}: skipped: {f.Message}");
        }
    }
}
