namespace Crashdesk.Analysis.Reports;

/// <summary>
/// The versioned, JSON-serialisable result of analysing one dump (or one log). Stored as JSONB by
/// the service; renderers (crash-style text, HTML) read it. Add fields, never repurpose them:
/// bump <see cref="CurrentSchemaVersion"/> when a field's meaning changes.
/// </summary>
public sealed record AnalysisReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Facts about the dump file and the crashed kernel (format, release, CPUs...).</summary>
    public DumpSummary? Dump { get; init; }

    /// <summary>The panic line, e.g. "Kernel panic - not syncing: sysrq triggered crash".</summary>
    public string? PanicLine { get; init; }

    /// <summary>The kernel log rendered as crash's `log` command prints it (lines joined by '\n').</summary>
    public string? KernelLog { get; init; }

    /// <summary>Extractors that failed; the rest of the report is still valid.</summary>
    public IReadOnlyList<ExtractorFailure> Failures { get; init; } = [];
}
