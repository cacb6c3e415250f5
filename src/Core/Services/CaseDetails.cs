namespace Crashdesk.Core.Services;

/// <summary>A case with its artifacts, analyses (newest first) and the newest report's panic line.</summary>
public sealed record CaseDetails(
    Guid Id,
    string Title,
    string Customer,
    string? ExternalReference,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ArtifactView> Artifacts,
    IReadOnlyList<AnalysisJobView> Analyses,
    int? ReportVersion,
    string? PanicLine);
