namespace Crashdesk.Api.Contracts;

/// <summary>An uploaded file: kind is vmcore, debug-kernel, console-log or other; sha256 is lower-case hex.</summary>
public sealed record ArtifactDto(Guid Id, string FileName, string Kind, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    /// <summary>Set when the organisation's retention policy deleted the file (its download answers 410); the reports read from it stay.</summary>
    public DateTimeOffset? PurgedAt { get; init; }
    /// <summary>Why it was purged: "purged after 30 days (the organisation's retention policy)".</summary>
    public string? PurgeReason { get; init; }
}
