namespace Crashdesk.Core.Services;

/// <summary>An artifact as shown to users. <see cref="Kind"/> is the wire name (vmcore, debug-kernel, ...).</summary>
public sealed record ArtifactView(Guid Id, string FileName, string Kind, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    /// <summary>When the retention policy deleted the object (the row and what was read from it stay), and why.</summary>
    public DateTimeOffset? PurgedAt { get; init; }
    public string? PurgeReason { get; init; }
}
