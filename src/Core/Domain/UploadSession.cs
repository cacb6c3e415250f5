namespace Crashdesk.Core.Domain;

/// <summary>
/// A resumable upload (tus 1.0, README "Resumable uploads"): the file announced at creation, how many of its
/// bytes the store holds durably (<see cref="Offset"/>), and the store's own state for the staged bytes
/// (<see cref="StoreState"/>: nothing for the local store, the multipart upload's id and parts for S3).
/// The artifact id is chosen at creation, so the object's key is known from the first byte.
/// </summary>
public sealed class UploadSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public Guid CaseId { get; set; }
    public Guid ArtifactId { get; set; } = Guid.CreateVersion7();
    public required string FileName { get; set; }
    public ArtifactKind Kind { get; set; }
    public long Length { get; set; }
    public long Offset { get; set; }
    /// <summary>Lower-case hex SHA-256 the client announced (Upload-Metadata sha256), checked at completion.</summary>
    public string? ExpectedSha256 { get; set; }
    public UploadSessionStatus Status { get; set; } = UploadSessionStatus.Active;
    /// <summary>Why a failed session failed, as shown to the client.</summary>
    public string? Error { get; set; }
    public string? StoreState { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>Bumped by every change: two servers answering PATCHes of one session cannot both save (optimistic concurrency).</summary>
    public int Revision { get; set; }
}

public enum UploadSessionStatus
{
    Active,
    Completed,
    Failed,
}
