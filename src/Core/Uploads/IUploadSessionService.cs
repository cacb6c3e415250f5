using Crashdesk.Core.Services;

namespace Crashdesk.Core.Uploads;

/// <summary>Resumable uploads (tus 1.0 core, creation, checksum, expiration, termination; README "Resumable uploads").</summary>
public interface IUploadSessionService
{
    long MaxUploadBytes { get; }

    /// <summary>Whether the case is the caller's organisation's (another's is answered 404 before anything else is looked at).</summary>
    Task<bool> CaseExistsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    Task<UploadSessionResult> CreateAsync(Caller caller, Guid caseId, NewUploadSession request, CancellationToken cancellationToken = default);

    Task<UploadSessionView?> GetAsync(Caller caller, Guid caseId, Guid sessionId, CancellationToken cancellationToken = default);

    Task<UploadSessionResult> AppendAsync(Caller caller, Guid caseId, Guid sessionId, UploadChunk chunk, CancellationToken cancellationToken = default);

    /// <summary>tus termination: the staged bytes and the session go; false when there is no such session.</summary>
    Task<bool> TerminateAsync(Caller caller, Guid caseId, Guid sessionId, CancellationToken cancellationToken = default);
}
