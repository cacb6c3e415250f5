namespace Crashdesk.Core.Domain;

/// <summary>
/// One build-id an organisation asked its debuginfod servers for: the work row of
/// <see cref="Jobs.FetchDebugKernelWork"/> (queued → running → done | failed, claimed and leased like an
/// analysis, <see cref="Jobs.WorkTable.DebuginfodFetches"/>), and afterwards the memory of its outcome —
/// until <see cref="RetryAfter"/> no analysis of that build-id asks again, so a server that lacks it (or
/// lies about it) is not asked on every re-analysis.
/// </summary>
public sealed class DebuginfodFetch
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    /// <summary>The case whose analysis asked (its timeline gets the outcome); null once that case is deleted.</summary>
    public Guid? CaseId { get; set; }
    /// <summary>Lower-case hex GNU build-id asked for.</summary>
    public required string BuildId { get; set; }
    public AnalysisJobStatus Status { get; set; } = AnalysisJobStatus.Queued;
    /// <summary>Why no server gave it, one clause per server.</summary>
    public string? Error { get; set; }
    /// <summary>The URL the vmlinux was fetched from, once done.</summary>
    public string? SourceUrl { get; set; }
    /// <summary>The library entry the fetched vmlinux became.</summary>
    public Guid? DebugKernelId { get; set; }
    /// <summary>Until when the outcome stands (Debuginfod:RememberOutcome after it finished).</summary>
    public DateTimeOffset? RetryAfter { get; set; }
    public int Attempts { get; set; }
    public string? WorkerName { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? QueueJobId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
