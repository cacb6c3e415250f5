using Crashdesk.Analysis.Reports;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// What the case list shows, filters and searches of a case's newest report: its panic line, the
/// primary crash report's title, class and guilty frame (the first of <c>triage.reports</c>), and
/// the kernel release (the dump's own, else the one the log names) and build
/// (<see cref="KernelBuildReader"/>), and the signature (the cases of one
/// crash share it). Lengths fit the case columns.
/// </summary>
public sealed record CaseReportFacts(string? PanicLine, string? TriageTitle, string? CrashClass, string? GuiltyFrame, string? KernelRelease, string? CrashSignature)
{
    public string? KernelBuild { get; init; }
    public List<string>? TraceFrames { get; init; }
    public string? GuiltyModule { get; init; }

    public static CaseReportFacts Of(AnalysisReport report)
    {
        var primary = report.Triage?.Primary;
        return new CaseReportFacts(
            Cut(report.PanicLine, 1000),
            Cut(primary?.Title, 500),
            Cut(primary?.Class, 100),
            Cut(primary?.GuiltyFrame, 300),
            Cut(report.Dump?.KernelRelease ?? primary?.KernelRelease, 200),
            Cut(primary?.Signature, 64))
        {
            KernelBuild = Cut(KernelBuildReader.Of(report), 300),
            TraceFrames = CaseTraceFrames.Of(primary),
            GuiltyModule = CaseTraceFrames.GuiltyModuleOf(primary),
        };
    }

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
