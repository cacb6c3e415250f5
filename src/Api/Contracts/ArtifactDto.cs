namespace Crashdesk.Api.Contracts;

/// <summary>An uploaded file: kind is vmcore, debug-kernel, console-log, sosreport, other or archive; sha256 is lower-case hex.</summary>
public sealed record ArtifactDto(Guid Id, string FileName, string Kind, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    /// <summary>Set when the organisation's retention policy deleted the file (its download answers 410); the reports read from it stay.</summary>
    public DateTimeOffset? PurgedAt { get; init; }
    /// <summary>Why it was purged: "purged after 30 days (the organisation's retention policy)".</summary>
    public string? PurgeReason { get; init; }
    /// <summary>The id of the archive artifact this file was unpacked from; null for a file uploaded as it is.</summary>
    public Guid? FromArchive { get; init; }
    /// <summary>For an archive: its unpacking into artifacts (status, then what became of every member); null for other kinds.</summary>
    public ArchiveUnpackDto? Unpack { get; init; }
}

/// <summary>
/// An archive's unpacking: status queued, running, done or failed (error says why); once done, how many
/// members were taken, refused and skipped, each member listed (at most 1000; moreMembersThanListed says
/// when there were more), and why it stopped early when a limit, damage or the storage quota ended it.
/// </summary>
public sealed record ArchiveUnpackDto(
    Guid Id, string Status, int Progress, string? ProgressMessage, string? Error, int Taken, int Refused, int Skipped, string? Stopped,
    bool MoreMembersThanListed, IReadOnlyList<UnpackedMemberDto> Members, DateTimeOffset? FinishedAt);

/// <summary>
/// One member of an archive: its path in the archive, outcome taken (artifactId and kind: the artifact it became),
/// refused (reason: an unsafe path or type, a limit, the quota; nothing of it was stored) or skipped (reason: what it is not).
/// </summary>
public sealed record UnpackedMemberDto(string Name, string Outcome, string? Kind, Guid? ArtifactId, long? Size, string? Reason);
