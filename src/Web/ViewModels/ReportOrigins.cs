using Crashdesk.Analysis.Reports;

namespace Crashdesk.Web.ViewModels;

/// <summary>Where a report's symbols and types came from, as the debug-kernel panel words a dump read without a debug kernel.</summary>
/// <param name="SymbolOrigin">The engine's words for the symbols' source ("kallsyms …", a vmlinux), null: none.</param>
/// <param name="TypeOrigin">The engine's words for the types' source ("BTF …", DWARF), null: none.</param>
public sealed record ReportOrigins(string? SymbolOrigin, string? TypeOrigin)
{
    /// <summary>From the engine's report.</summary>
    public static ReportOrigins Of(AnalysisReport report) => new(report.SymbolOrigin, report.TypeOrigin);

    /// <summary>"symbols from kallsyms, types from BTF", or what is missing.</summary>
    public string DumpOnly()
    {
        string symbols = SymbolOrigin?.StartsWith("kallsyms", StringComparison.Ordinal) == true ? "symbols from kallsyms" : "no symbols";
        string types = TypeOrigin?.StartsWith("BTF", StringComparison.Ordinal) == true ? "types from BTF" : "no types (the kernel has no BTF)";
        return $"{symbols}, {types}";
    }
}
