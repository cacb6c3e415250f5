namespace Crashdesk.Core.Services;

/// <summary>
/// The outcome of <see cref="IArtifactService.UploadAsync"/>. On <see cref="UploadStatus.Stored"/>,
/// <see cref="Artifact"/> is set, <see cref="Analysis"/> too when the upload queued one (a vmcore, a
/// console log), and <see cref="EnvironmentImport"/> when it queued an import (a sosreport).
/// </summary>
public sealed record UploadResult(UploadStatus Status, string? Message, ArtifactView? Artifact, AnalysisJobView? Analysis, EnvironmentImportView? EnvironmentImport = null)
{
    public static UploadResult Failed(UploadStatus status, string message) => new(status, message, null, null);
}
