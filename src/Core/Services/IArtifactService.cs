using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>Uploads (the REST endpoint and the UI's upload form go through the same call) and downloads.</summary>
public interface IArtifactService
{
    /// <summary>
    /// Streams <paramref name="content"/> into the object store (hash and size computed on the way,
    /// limit from UploadOptions), records the artifact and, for a vmcore, queues its analysis.
    /// Over the limit: <see cref="UploadStatus.TooLarge"/> and nothing stored.
    /// </summary>
    Task<UploadResult> UploadAsync(
        Caller caller, Guid caseId, string fileName, ArtifactKind kind, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// The artifact's content, streamed from the object store, and a row in the case's timeline
    /// saying who downloaded which file (dumps hold customers' memory: taking one is recorded).
    /// Null when the case or the artifact is not the caller's organisation's.
    /// </summary>
    Task<ArtifactDownload?> OpenForDownloadAsync(Caller caller, Guid caseId, Guid artifactId, CancellationToken cancellationToken = default);

    /// <summary>The configured upload limit in bytes (for early rejection by Content-Length and for the UI).</summary>
    long MaxUploadBytes { get; }
}
