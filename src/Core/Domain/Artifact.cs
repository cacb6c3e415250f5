namespace Crashdesk.Core.Domain;

/// <summary>An uploaded file of a case, stored in the object store under <see cref="StorageKey"/>.</summary>
public sealed class Artifact
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public required string FileName { get; set; }
    public ArtifactKind Kind { get; set; }
    public required string StorageKey { get; set; }
    public long Size { get; set; }
    /// <summary>Lower-case hex SHA-256 computed while streaming the upload.</summary>
    public required string Sha256 { get; set; }
    public Guid? UploadedByUserId { get; set; }
    public DateTimeOffset UploadedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>When the object was deleted by the retention policy; the row stays (its report was read from it).</summary>
    public DateTimeOffset? PurgedAt { get; set; }
    /// <summary>Why it was purged, as shown ("purged after 30 days (retention policy)").</summary>
    public string? PurgeReason { get; set; }
    /// <summary>The archive this file was unpacked from (<see cref="ArtifactKind.Archive"/>); null for an upload.</summary>
    public Guid? FromArchiveId { get; set; }
}
