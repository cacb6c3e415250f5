using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Triage;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Tests.Services;

/// <summary>What changed between two report versions (pure logic over hand-made reports).</summary>
public sealed class ReportComparisonTests
{
    [Fact]
    public void Identical_reports_have_no_changes() =>
        Assert.Empty(ReportComparison.Compare(Report("kallsyms", "sysrq_handle_crash"), Report("kallsyms", "sysrq_handle_crash")));

    [Fact]
    public void A_debug_kernel_changes_where_symbols_came_from_and_the_guilty_frame()
    {
        var changes = ReportComparison.Compare(Report("kallsyms", "__handle_sysrq"), Report("vmlinux (DWARF)", "sysrq_handle_crash"));

        Assert.Contains(new ReportChange("symbols from", "kallsyms", "vmlinux (DWARF)"), changes);
        Assert.Contains(new ReportChange("guilty frame", "__handle_sysrq", "sysrq_handle_crash"), changes);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void Failures_and_log_lines_are_compared_by_name_and_count()
    {
        var before = Report("kallsyms", "f") with { KernelLog = "a\nb\n", Failures = [new ExtractorFailure("tasks", "no BTF")] };
        var after = Report("kallsyms", "f") with { KernelLog = "a\nb\nc\n" };

        var changes = ReportComparison.Compare(before, after);

        Assert.Contains(new ReportChange("kernel log lines", "2", "3"), changes);
        Assert.Contains(new ReportChange("failed", "tasks", "none"), changes);
    }

    private static AnalysisReport Report(string symbols, string guilty) => new()
    {
        SymbolOrigin = symbols,
        PanicLine = "Kernel panic - not syncing: sysrq triggered crash",
        Triage = new TriageResult
        {
            Reports = [new CrashReport { Class = "sysrq", Title = "sysrq triggered crash", Message = "m", Signature = "s", GuiltyFrame = guilty }],
        },
    };
}
