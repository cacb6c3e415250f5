namespace Crashdesk.Core.Domain;

/// <summary>
/// One debug kernel (vmlinux with DWARF) in an organisation's library, uploaded to a case (then
/// <see cref="ArtifactId"/> is set) or to the library itself. A worker job reads its identity and
/// builds its kernel profile once (<see cref="ProfileKey"/>); every later dump of that build-id in
/// the organisation is analysed with it. One ready entry per (organisation, build-id).
/// </summary>
public sealed class DebugKernelEntry
{
    /// <summary>The <see cref="Origin"/> of a vmlinux a person or the API uploaded.</summary>
    public const string UploadOrigin = "upload";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    /// <summary>The case artifact it came from; null for a library upload.</summary>
    public Guid? ArtifactId { get; set; }
    public required string FileName { get; set; }
    /// <summary>The vmlinux in the object store (the artifact's key for a case upload).</summary>
    public required string StorageKey { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public DebugKernelStatus Status { get; set; } = DebugKernelStatus.Pending;
    /// <summary>Lower-case hex GNU build-id, known once processed.</summary>
    public string? BuildId { get; set; }
    public string? Release { get; set; }
    public string? Banner { get; set; }
    /// <summary>The kernel profile in the object store, once ready.</summary>
    public string? ProfileKey { get; set; }
    public long? ProfileSize { get; set; }
    /// <summary>Why processing failed, or which entry a duplicate repeats.</summary>
    public string? Error { get; set; }
    public Guid? UploadedByUserId { get; set; }
    /// <summary>Where it came from: <see cref="UploadOrigin"/>, or the debuginfod URL it was fetched from.</summary>
    public string Origin { get; set; } = UploadOrigin;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ProcessedAt { get; set; }
    /// <summary>How many times a profile build started (the same claim and lease as analyses: <see cref="Jobs.WorkTable"/>).</summary>
    public int Attempts { get; set; }
    public string? WorkerName { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>The Hangfire job that carries this row; null until enqueued.</summary>
    public string? QueueJobId { get; set; }
}
