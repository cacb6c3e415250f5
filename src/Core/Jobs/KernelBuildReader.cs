using System.Text.RegularExpressions;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Environments.FromDump;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The crashed kernel's build string (<c>uname -v</c>, UTS_VERSION): where Debian and Ubuntu name the
/// package version a kernel release string hides (<c>6.1.0-56-cloud-amd64</c> is Debian 6.1.192-2).
/// The dump's utsname is exact; a console log has it in the crashed boot's banner (found by
/// <see cref="BootLogFacts"/>; init/version.c linux_banner: "Linux version RELEASE (BY@HOST)
/// (COMPILER) UTS_VERSION"), else in an oops header
/// (lib/dump_stack.c dump_stack_print_info prints the release and the version's first word; Debian's
/// kernel appends its package version, "… 6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2").
/// </summary>
public static partial class KernelBuildReader
{
    /// <summary>Lines read looking for an oops header when there is no banner.</summary>
    private const int MaxLines = 200_000;

    public static string? Of(AnalysisReport report)
    {
        if (report.System?.Version is { Length: > 0 } uts)
            return uts;
        if (report.Dump?.KernelVersion is { Length: > 0 } version)
            return version;
        return FromLog(KernelLogLines.Split(report.KernelLog), report.Triage?.Primary?.Line);
    }

    /// <summary>The build of the boot that holds line <paramref name="crashLine"/> (1-based; null: the first boot).</summary>
    public static string? FromLog(IReadOnlyList<string> lines, int? crashLine = null)
    {
        if (BootLogFacts.Read(lines, crashLine).Banner is { } banner && BuildOfBanner().Match(banner) is { Success: true } b)
            return b.Groups["build"].Value.TrimEnd();
        for (int i = 0; i < lines.Count && i < MaxLines; i++)
            if (lines[i].Contains(" PID: ", StringComparison.Ordinal) && Header().Match(lines[i]) is { Success: true } h)
                return Spaces().Replace(h.Groups["build"].Value.Trim(), " ");
        return null;
    }

    /// <summary>UTS_VERSION: what follows the compiler's closing parenthesis (the compiler's own text has parentheses).</summary>
    [GeneratedRegex(@"^Linux version \S+ \(.*\) (?<build>#\d.*)$")]
    private static partial Regex BuildOfBanner();

    [GeneratedRegex(@"CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: .+? (?:Not tainted|Tainted: [A-Z ]*?)\s+\d\S*\s+(?<build>#\d.*)$")]
    private static partial Regex Header();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
