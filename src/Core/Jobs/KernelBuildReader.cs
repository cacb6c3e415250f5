using System.Text.RegularExpressions;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The crashed kernel's build string (<c>uname -v</c>, UTS_VERSION): where Debian and Ubuntu name the
/// package version a kernel release string hides (<c>6.1.0-56-cloud-amd64</c> is Debian 6.1.192-2).
/// The dump's utsname is exact; a console log has it in the boot banner (init/version.c
/// linux_banner: "Linux version RELEASE (BY@HOST) (COMPILER) UTS_VERSION"), else in an oops header
/// (lib/dump_stack.c dump_stack_print_info prints the release and the version's first word; Debian's
/// kernel appends its package version, "… 6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2").
/// </summary>
public static partial class KernelBuildReader
{
    /// <summary>Lines read looking for a banner or a header: the build is near the start or at the crash.</summary>
    private const int MaxLines = 200_000;

    public static string? Of(AnalysisReport report)
    {
        if (report.System?.Version is { Length: > 0 } uts)
            return uts;
        if (report.Dump?.KernelVersion is { Length: > 0 } version)
            return version;
        return FromLog(KernelLogLines.Split(report.KernelLog));
    }

    public static string? FromLog(IReadOnlyList<string> lines)
    {
        string? header = null;
        for (int i = 0; i < lines.Count && i < MaxLines; i++)
        {
            var line = lines[i];
            if (line.Contains("Linux version ", StringComparison.Ordinal) && Banner().Match(line) is { Success: true } b)
                return b.Groups["build"].Value.TrimEnd();
            if (header is null && line.Contains(" PID: ", StringComparison.Ordinal) && Header().Match(line) is { Success: true } h)
                header = Spaces().Replace(h.Groups["build"].Value.Trim(), " ");
        }
        return header;
    }

    [GeneratedRegex(@"Linux version \S+ \(.*\) (?<build>#\d.*)$")]
    private static partial Regex Banner();

    [GeneratedRegex(@"CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: .+? (?:Not tainted|Tainted: [A-Z ]*?)\s+\d\S*\s+(?<build>#\d.*)$")]
    private static partial Regex Header();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
