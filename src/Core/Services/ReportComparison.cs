using System.Globalization;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Core.Services;

/// <summary>
/// What changed between two versions of a case's report, in the terms an engineer reads a report
/// by: the crash (panic line, class, title, guilty frame, signature), where symbols and types came
/// from, how much of the dump was read (tasks, backtraces, kernel log lines) and what failed or was
/// skipped. A new debug kernel or a newer engine changes exactly these.
/// </summary>
public static class ReportComparison
{
    public static IReadOnlyList<ReportChange> Compare(AnalysisReport before, AnalysisReport after)
    {
        var changes = new List<ReportChange>();
        void Add(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
                changes.Add(new ReportChange(field, a, b));
        }
        var (pa, pb) = (before.Triage?.Primary, after.Triage?.Primary);
        Add("panic line", before.PanicLine, after.PanicLine);
        Add("crash class", pa?.Class, pb?.Class);
        Add("triage title", pa?.Title, pb?.Title);
        Add("guilty frame", pa?.GuiltyFrame, pb?.GuiltyFrame);
        Add("signature", pa?.Signature, pb?.Signature);
        Add("symbols from", before.SymbolOrigin, after.SymbolOrigin);
        Add("types from", before.TypeOrigin, after.TypeOrigin);
        Add("kernel release", before.Dump?.KernelRelease, after.Dump?.KernelRelease);
        Add("tasks", Count(before.Tasks), Count(after.Tasks));
        Add("backtraces", Count(before.TaskBacktraces, before.ActiveBacktraces), Count(after.TaskBacktraces, after.ActiveBacktraces));
        Add("locks", Count(before.Locks?.Locks), Count(after.Locks?.Locks));
        Add("modules", Count(before.Modules), Count(after.Modules));
        Add("kernel log lines", Lines(before.KernelLog), Lines(after.KernelLog));
        Add("crash reports in the log", Count(before.Triage?.Reports), Count(after.Triage?.Reports));
        Add("failed", Names(before.Failures), Names(after.Failures));
        Add("skipped", Names(before.Skipped), Names(after.Skipped));
        Add("report schema", before.SchemaVersion.ToString(CultureInfo.InvariantCulture), after.SchemaVersion.ToString(CultureInfo.InvariantCulture));
        return changes;
    }

    private static string? Count<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b = null) =>
        a is null && b is null ? null : ((a?.Count ?? 0) + (b?.Count ?? 0)).ToString(CultureInfo.InvariantCulture);

    private static string? Lines(string? log) =>
        log is null ? null : KernelLogLines.Count(log).ToString(CultureInfo.InvariantCulture);

    private static string? Names(IReadOnlyList<ExtractorFailure> failures) =>
        failures.Count == 0 ? "none" : string.Join(", ", failures.Select(f => f.Extractor).Distinct().Order(StringComparer.Ordinal));
}
