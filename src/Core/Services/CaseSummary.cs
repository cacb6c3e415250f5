using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>
/// A row of the case list. <see cref="Status"/> is the case's workflow status;
/// <see cref="AnalysisStatus"/> the newest analysis' state (null: none yet). The crash facts are the
/// newest report's.
/// </summary>
public sealed record CaseSummary(
    Guid Id,
    string Title,
    string Customer,
    string? ExternalReference,
    CaseStatus Status,
    string Priority,
    Guid? AssigneeUserId,
    string? AssigneeName,
    IReadOnlyList<string> Tags,
    AnalysisJobStatus? AnalysisStatus,
    bool HasDump,
    string? PanicLine,
    string? TriageTitle,
    string? CrashClass,
    string? KernelRelease,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The title of the known issue of the case's group (null: its group is none).</summary>
    public string? KnownIssueTitle { get; init; }
}
