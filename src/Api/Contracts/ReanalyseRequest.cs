namespace Crashdesk.Api.Contracts;

/// <summary>POST /api/v1/cases/{id}/analyses: which artifact to analyse again (default: the one the newest analysis read).</summary>
public sealed record ReanalyseRequest(Guid? ArtifactId);
