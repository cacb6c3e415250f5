namespace Crashdesk.Api.Contracts;

/// <summary>GET /api/v1/cases/{id}: the case, its artifacts, its analyses (newest first) and its newest report's panic line.</summary>
public sealed record CaseDto(
    Guid Id,
    string Title,
    string Customer,
    string? ExternalReference,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ArtifactDto> Artifacts,
    IReadOnlyList<AnalysisDto> Analyses,
    int? ReportVersion,
    string? PanicLine);
