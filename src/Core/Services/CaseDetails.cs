using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>
/// A case with its workflow fields, its artifacts, analyses (newest first) and the newest report's
/// facts. <see cref="Revision"/> is the concurrency token an edit must name (the API's ETag);
/// <see cref="NextStatuses"/> the statuses the workflow allows from here.
/// </summary>
public sealed record CaseDetails(
    Guid Id,
    string Title,
    string Customer,
    string? ExternalReference,
    string? Description,
    CaseStatus Status,
    IReadOnlyList<CaseStatus> NextStatuses,
    string Priority,
    Guid? AssigneeUserId,
    string? AssigneeName,
    IReadOnlyList<string> Tags,
    int Revision,
    string? UpdatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ArtifactView> Artifacts,
    IReadOnlyList<AnalysisJobView> Analyses,
    int? ReportVersion,
    string? PanicLine,
    string? TriageTitle,
    string? CrashClass,
    string? GuiltyFrame,
    string? KernelRelease)
{
    /// <summary>The crash group the case is in (null: not analysed, or no crash signature), its title, and whether a person put it there.</summary>
    public Guid? GroupId { get; init; }
    public string? GroupTitle { get; init; }
    public bool GroupPinned { get; init; }
    public string? CrashSignature { get; init; }
    /// <summary>The case's legal hold (no retention policy purges its files), or null.</summary>
    public DataProtection.LegalHoldView? LegalHold { get; init; }
}
