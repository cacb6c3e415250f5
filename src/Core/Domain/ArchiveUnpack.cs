namespace Crashdesk.Core.Domain;

/// <summary>
/// The unpacking of one uploaded archive into artifacts of its case: a row claimed and leased like an
/// analysis (<see cref="Jobs.WorkTable.ArchiveUnpacks"/>), with progress and, at the end, what became
/// of every member (<see cref="Result"/>: taken, refused with the reason, skipped).
/// </summary>
public sealed class ArchiveUnpack
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    /// <summary>The archive (an artifact of kind <see cref="ArtifactKind.Archive"/>).</summary>
    public Guid ArtifactId { get; set; }
    public AnalysisJobStatus Status { get; set; } = AnalysisJobStatus.Queued;
    public int Progress { get; set; }
    public string? ProgressMessage { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public string? WorkerName { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? QueueJobId { get; set; }
    /// <summary>The members and what became of them, as JSON (<see cref="Archives.UnpackResult"/>); null until done.</summary>
    public string? Result { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
