namespace Crashdesk.Api.Contracts;

/// <summary>
/// A row of GET /api/v1/cases. <c>status</c> is the case's workflow status; <c>analysisStatus</c> the
/// newest analysis' state (null: none yet); the crash facts are the newest report's.
/// </summary>
public sealed record CaseSummaryDto(
    Guid Id,
    string Title,
    string Customer,
    string? ExternalReference,
    string Status,
    string Priority,
    Guid? AssigneeUserId,
    string? AssigneeName,
    IReadOnlyList<string> Tags,
    string? AnalysisStatus,
    bool HasDump,
    string? PanicLine,
    string? TriageTitle,
    string? CrashClass,
    string? KernelRelease,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The known issue of the case's group, by title (null: none).</summary>
    public string? KnownIssueTitle { get; init; }
}
