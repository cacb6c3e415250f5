using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Uploads;

/// <summary>What a client announces when it creates a session (tus creation: Upload-Length and Upload-Metadata).</summary>
public sealed record NewUploadSession(string? FileName, string? Kind, long Length, string? ExpectedSha256);

/// <summary>One PATCH: where the client says it resumes, its per-request checksum (tus checksum extension) and body.</summary>
public sealed record UploadChunk(long Offset, string? Checksum, long? ContentLength, Stream Body);

public sealed record UploadSessionView(
    Guid Id, Guid CaseId, string FileName, string Kind, long Length, long Offset, UploadSessionStatus Status, string? Error,
    string? ExpectedSha256, DateTimeOffset ExpiresAt, Guid? ArtifactId, Guid? AnalysisId);

public enum UploadSessionOutcome
{
    Created,
    Appended,
    Completed,
    CaseNotFound,
    SessionNotFound,
    /// <summary>The session failed earlier (its error says why) or its staged bytes were lost.</summary>
    SessionFailed,
    InvalidFileName,
    InvalidKind,
    InvalidSha256,
    Empty,
    TooLarge,
    OffsetMismatch,
    ChecksumUnsupported,
    ChecksumMismatch,
    NotADump,
    DigestMismatch,
    Busy,
    /// <summary>The body was cut off: what arrived is kept (without a checksum) and the client, gone, gets no answer.</summary>
    Cut,
}

public sealed record UploadSessionResult(UploadSessionOutcome Outcome, string? Message, UploadSessionView? Session, UploadResult? Upload = null)
{
    public static UploadSessionResult Failed(UploadSessionOutcome outcome, string message, UploadSessionView? session = null) => new(outcome, message, session);
}

internal static class UploadSessionViews
{
    public static UploadSessionView Of(UploadSession s, Guid? analysisId = null) => new(
        s.Id, s.CaseId, s.FileName, ArtifactKinds.ToName(s.Kind), s.Length, s.Offset, s.Status, s.Error,
        s.ExpectedSha256, s.ExpiresAt, s.Status == UploadSessionStatus.Completed ? s.ArtifactId : null, analysisId);
}
