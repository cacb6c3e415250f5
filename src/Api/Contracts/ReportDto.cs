using Crashdesk.Analysis.Reports;

namespace Crashdesk.Api.Contracts;

/// <summary>GET /api/v1/cases/{id}/report: the newest report version; <c>report</c> is the engine's AnalysisReport.</summary>
public sealed record ReportDto(Guid CaseId, int Version, Guid AnalysisId, Guid ArtifactId, DateTimeOffset CreatedAt, AnalysisReport Report);
