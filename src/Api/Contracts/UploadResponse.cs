namespace Crashdesk.Api.Contracts;

/// <summary>PUT .../artifacts/{fileName}: the stored artifact, and the analysis it queued (vmcore, console log) or the environment import (sosreport).</summary>
public sealed record UploadResponse(ArtifactDto Artifact, AnalysisDto? Analysis, EnvironmentImportDto? EnvironmentImport = null);
