namespace Crashdesk.Analysis.Triage;

/// <summary>Everything the log triage found: crash reports (primary first) and diagnostic dumps.</summary>
public sealed record TriageResult
{
    /// <summary>Crash reports in log order, the primary (first real) crash first; empty for a clean log.</summary>
    public IReadOnlyList<CrashReport> Reports { get; init; } = [];

    /// <summary>SysRq t/w/d/l dumps, which are diagnostics rather than crashes.</summary>
    public IReadOnlyList<SysrqDump> SysrqDumps { get; init; } = [];

    /// <summary>Crash reports found past the per-log cap and not analysed (0 when every report was).</summary>
    public int SkippedReports { get; init; }

    /// <summary>What the triage left out and why (reports past the cap, cut lines, a line cap), in the user's words; empty when it read everything.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The primary report, or null when the log holds no crash.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CrashReport? Primary => Reports.Count > 0 ? Reports[0] : null;
}
