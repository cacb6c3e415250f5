using System.Globalization;
using System.Text.Json;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Cli.Commands;

/// <summary>`crashdesk info &lt;dump&gt; [--json]`: format, page counts and the crashed kernel's identity.</summary>
internal sealed class InfoCommand : ICliCommand
{
    public string Name => "info";

    public string Summary => "summarise a dump: format, compression, pages, kernel release, crash time, CPUs (--json)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        DumpCommandRunner.Run(Name, arguments, error, target =>
        {
            var s = DumpSummaryBuilder.Build(target);
            if (arguments.Has("--json"))
            {
                output.WriteLine(JsonSerializer.Serialize(s, CliJsonContext.Default.DumpSummary));
                return 0;
            }
            void Row(string label, string? value) => output.WriteLine($"{label,16}: {value ?? "unknown"}");
            Row("FORMAT", s.Format);
            Row("COMPRESSION", s.Compression ?? "none");
            Row("DUMP LEVEL", s.DumpLevel?.ToString(CultureInfo.InvariantCulture));
            Row("PAGES PRESENT", s.PagesPresent?.ToString(CultureInfo.InvariantCulture));
            Row("PAGES EXCLUDED", s.PagesExcluded?.ToString(CultureInfo.InvariantCulture));
            Row("STATE", s.Incomplete || s.Truncated
                ? string.Join(", ", new[] { s.Incomplete ? "incomplete" : null, s.Truncated ? "truncated" : null }.Where(x => x is not null))
                : "complete");
            Row("RELEASE", s.KernelRelease);
            Row("VERSION", s.KernelVersion);
            Row("MACHINE", s.Machine);
            Row("BUILD-ID", s.BuildId);
            Row("CRASH TIME", s.CrashTime?.UtcDateTime.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture));
            Row("CPUS", s.Cpus?.ToString(CultureInfo.InvariantCulture));
            Row("NODENAME", s.NodeName);
            return 0;
        });
}
