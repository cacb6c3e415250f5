namespace Crashdesk.Core.Domain;

/// <summary>
/// One version of a case's report: each finished analysis adds a row with the next
/// <see cref="Version"/>; the newest is the case's report. <see cref="Content"/> is the engine's
/// <c>AnalysisReport</c> as JSONB.
/// </summary>
public sealed class Report
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid AnalysisJobId { get; set; }
    public Guid ArtifactId { get; set; }
    /// <summary>1, 2, … per case.</summary>
    public int Version { get; set; }
    /// <summary>The engine report's schema version (<c>AnalysisReport.SchemaVersion</c>).</summary>
    public int SchemaVersion { get; set; }
    public string? PanicLine { get; set; }
    public required string Content { get; set; }
    /// <summary>The dump's GNU build-id (VMCOREINFO BUILD-ID), lower-case; null for a log or a dump without one.</summary>
    public string? BuildId { get; set; }
    /// <summary>True for a console-log report (no dump memory behind it).</summary>
    public bool IsLog { get; set; }
    /// <summary>True for a report of a dump excerpt (the kernel log and triage only, sent ahead of the dump).</summary>
    public bool IsExcerpt { get; set; }
    /// <summary>The library debug kernel the analysis used; null: none (kallsyms/BTF from the dump).</summary>
    public Guid? UsedDebugKernelId { get; set; }
    /// <summary>Debug kernels attached to the case that the pre-flight check refused (another build).</summary>
    public List<Guid> RefusedDebugKernelIds { get; set; } = [];
    /// <summary>The service's record of the debug-kernel choice (<c>DebugKernelUsage</c>) as JSONB.</summary>
    public string? DebugKernel { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
