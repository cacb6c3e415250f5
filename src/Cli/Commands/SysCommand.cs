using System.Text.Json;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Extractors.Sys;

namespace Crashdesk.Cli.Commands;

/// <summary>`crashdesk sys &lt;dump&gt; [--vmlinux F] [--json]`: crash's `sys`.</summary>
internal sealed class SysCommand : ICliCommand
{
    public string Name => "sys";

    public string Summary => "crash's `sys`: kernel, dump, CPUs, date, uptime, load, tasks, memory, panic (--vmlinux F, --json)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        KernelCommandRunner.Run(Name, arguments, error, session =>
        {
            var report = DumpAnalyzer.Analyze(session.Target, new AnalysisOptions
            {
                DebugInfo = session.DebugInfo,
                Extractors = new HashSet<string>(StringComparer.Ordinal) { "sys" },
            });
            foreach (var f in report.Failures)
                error.WriteLine($"crashdesk sys: {f.Extractor}: {f.Message}");
            if (report.System is not { } sys)
                return 1;
            if (arguments.Has("--json"))
                output.WriteLine(JsonSerializer.Serialize(sys, CliJsonContext.Default.SystemInfo));
            else
                output.Write(SystemInfoText.Format(sys, session.KernelName, session.DumpName));
            return 0;
        });
}
