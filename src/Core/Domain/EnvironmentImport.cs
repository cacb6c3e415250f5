namespace Crashdesk.Core.Domain;

/// <summary>
/// The import of one uploaded sosreport into its case's environment: a row claimed and leased like
/// an analysis (<see cref="Jobs.WorkTable.EnvironmentImports"/>), with progress and, at the end,
/// the snapshot version it made or the reason it failed.
/// </summary>
public sealed class EnvironmentImport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid ArtifactId { get; set; }
    public AnalysisJobStatus Status { get; set; } = AnalysisJobStatus.Queued;
    public int Progress { get; set; }
    public string? ProgressMessage { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public string? WorkerName { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? QueueJobId { get; set; }
    /// <summary>The case's environment version the import made; null until done, or when nothing changed.</summary>
    public int? SnapshotVersion { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
