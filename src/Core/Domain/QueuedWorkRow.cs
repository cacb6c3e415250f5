namespace Crashdesk.Core.Domain;

/// <summary>
/// A row of work on one artifact of a case that a job carries out (an analysis, a sosreport import, an
/// archive's unpacking). The Hangfire job carries only <see cref="Id"/>; this row is the truth about its
/// state, progress and error (<see cref="Jobs.WorkTable"/>: claim, lease, hand-back), so every kind shares these columns.
/// </summary>
public abstract class QueuedWorkRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    /// <summary>The artifact the work reads.</summary>
    public Guid ArtifactId { get; set; }
    public AnalysisJobStatus Status { get; set; } = AnalysisJobStatus.Queued;
    /// <summary>0–100, for the UI.</summary>
    public int Progress { get; set; }
    public string? ProgressMessage { get; set; }
    public string? Error { get; set; }
    /// <summary>How many times an execution started (incremented atomically; &gt; 1 after a recovery).</summary>
    public int Attempts { get; set; }
    /// <summary>The worker process that ran the last attempt (host:pid).</summary>
    public string? WorkerName { get; set; }
    /// <summary>Until when the running worker holds the row; renewed while it runs, so a dead worker's work can be claimed again after it.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>The Hangfire job that carries this row; null until enqueued.</summary>
    public string? QueueJobId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
