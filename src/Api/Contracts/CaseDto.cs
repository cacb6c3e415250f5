namespace Crashdesk.Api.Contracts;

/// <summary>
/// GET /api/v1/cases/{id}: the case with its workflow fields, its artifacts, its analyses (newest
/// first) and its newest report's facts. <c>revision</c> is also the response's ETag (<c>"r{revision}"</c>):
/// send it as If-Match with a PATCH. <c>nextStatuses</c>: where the workflow allows it to go from here.
/// </summary>
public sealed record CaseDto(
    Guid Id,
    string Title,
    string Customer,
    string? ExternalReference,
    string? Description,
    string Status,
    IReadOnlyList<string> NextStatuses,
    string Priority,
    Guid? AssigneeUserId,
    string? AssigneeName,
    IReadOnlyList<string> Tags,
    int Revision,
    string? UpdatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ArtifactDto> Artifacts,
    IReadOnlyList<AnalysisDto> Analyses,
    int? ReportVersion,
    string? PanicLine,
    string? TriageTitle,
    string? CrashClass,
    string? GuiltyFrame,
    string? KernelRelease);
