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
    string? KernelRelease)
{
    /// <summary>The crash group the case is in (null: not analysed, or no signature); <c>groupPinned</c>: a person put it there.</summary>
    public Guid? GroupId { get; init; }
    public string? GroupTitle { get; init; }
    public bool GroupPinned { get; init; }
    /// <summary>The primary crash's signature: the cases of one crash share it.</summary>
    public string? CrashSignature { get; init; }
    /// <summary>The known issue of the case's group, and whether the case's kernel predates its fix (GET of one case only).</summary>
    public CaseKnownIssueDto? KnownIssue { get; init; }
    /// <summary>The case's legal hold: while set, no retention policy purges its files.</summary>
    public LegalHoldDto? LegalHold { get; init; }
}
