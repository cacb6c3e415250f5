namespace Crashdesk.Core.Services;

/// <summary>
/// The outcome of <see cref="IArtifactService.UploadAsync"/>. On <see cref="UploadStatus.Stored"/>,
/// <see cref="Artifact"/> is set, and <see cref="Analysis"/> too when the upload scheduled one (a vmcore).
/// </summary>
public sealed record UploadResult(UploadStatus Status, string? Message, ArtifactView? Artifact, AnalysisJobView? Analysis)
{
    public static UploadResult Failed(UploadStatus status, string message) => new(status, message, null, null);
}
