namespace Crashdesk.Api.Contracts;

/// <summary>PUT .../artifacts/{fileName}: the stored artifact, and the analysis it queued (vmcore uploads).</summary>
public sealed record UploadResponse(ArtifactDto Artifact, AnalysisDto? Analysis);
