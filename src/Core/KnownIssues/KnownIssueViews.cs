namespace Crashdesk.Core.KnownIssues;

/// <summary>A known issue as its group's page and the known-issue list show it.</summary>
public sealed record KnownIssueView(
    Guid Id, Guid GroupId, string GroupTitle, string Title, IReadOnlyList<string> Links, IReadOnlyList<string> FixedIn,
    string Workaround, string CaptureAdvice, int Version, int CaseCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// What a known issue says about one case: the issue, and whether the case's kernel predates the fix
/// on its kernel line (<see cref="FixVerdict"/>).
/// </summary>
public sealed record CaseKnownIssue(KnownIssueView Issue, FixVerdict Verdict);

/// <summary>A known issue as a person writes it; every field is replaced by a PUT.</summary>
public sealed record KnownIssueInput
{
    public string? Title { get; init; }
    public IReadOnlyList<string>? Links { get; init; }
    /// <summary>Fixed-in versions per kernel line, as <see cref="FixedInEntry.TryParse"/> reads them.</summary>
    public IReadOnlyList<string>? FixedIn { get; init; }
    public string? Workaround { get; init; }
    public string? CaptureAdvice { get; init; }
}

/// <summary>An edit made on a version that is no longer the newest (If-Match), or a case's group that is gone.</summary>
public sealed class KnownIssueConflictException(string message) : Exception(message);
