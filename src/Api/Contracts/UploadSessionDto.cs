namespace Crashdesk.Api.Contracts;

/// <summary>
/// GET …/uploads/{sessionId}: a resumable upload session. status: active, completed (artifactId and, for a vmcore or
/// console log, analysisId are set), failed (error says why; nothing was kept). Lengths are decimal byte counts.
/// </summary>
public sealed record UploadSessionDto(
    Guid Id, Guid CaseId, string FileName, string Kind, long Length, long Offset, string Status, string? Error,
    string? ExpectedSha256, DateTimeOffset ExpiresAt, Guid? ArtifactId, Guid? AnalysisId)
{
    public static UploadSessionDto Of(Core.Uploads.UploadSessionView v) =>
        new(v.Id, v.CaseId, v.FileName, v.Kind, v.Length, v.Offset, Core.Domain.StatusNames.Name(v.Status), v.Error, v.ExpectedSha256, v.ExpiresAt, v.ArtifactId, v.AnalysisId);
}
