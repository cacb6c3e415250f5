using Crashdesk.Core.Archives;
using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>An artifact as shown to users. <see cref="Kind"/> is the wire name (vmcore, debug-kernel, ...).</summary>
public sealed record ArtifactView(Guid Id, string FileName, string Kind, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    /// <summary>When the retention policy deleted the object (the row and what was read from it stay), and why.</summary>
    public DateTimeOffset? PurgedAt { get; init; }
    public string? PurgeReason { get; init; }

    /// <summary>The archive this artifact was unpacked from; null for an upload.</summary>
    public Guid? FromArchiveId { get; init; }

    /// <summary>For an archive: its unpacking (status, and what became of each member once done).</summary>
    public ArchiveUnpackView? Unpack { get; init; }
}

/// <summary>An archive's unpacking: queued → running → done | failed; <see cref="Result"/> once done.</summary>
public sealed record ArchiveUnpackView(Guid Id, AnalysisJobStatus Status, int Progress, string? ProgressMessage, string? Error, UnpackResult? Result, DateTimeOffset? FinishedAt);
