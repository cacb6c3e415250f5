using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Groups;

/// <summary>A crash group as the group list shows it: its cases counted, first and last seen.</summary>
public sealed record CrashGroupSummary(
    Guid Id, string Title, string? CrashClass, string? GuiltyFrame, string? Signature, int? SignatureVersion,
    int CaseCount, int OpenCaseCount, int CustomerCount, int KernelReleaseCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>One page of the group list, and how many groups match.</summary>
public sealed record CrashGroupPage(int Total, int Page, int PageSize, IReadOnlyList<CrashGroupSummary> Groups);

/// <summary>One page of crash groups by cursor and how many match in all (0 on a page past the last group).</summary>
public sealed record CrashGroupCursorPage(IReadOnlyList<CrashGroupSummary> Groups, string? NextCursor, int Total);

/// <summary>The group list's filters: words of the title or guilty frame, a class, the order.</summary>
public sealed record CrashGroupQuery
{
    public string? Text { get; init; }
    public string? CrashClass { get; init; }
    /// <summary><c>last-seen</c> (default, newest first) or <c>cases</c> (most cases first).</summary>
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    public const int MaxPageSize = 200;
}

/// <summary>A case of a group, as its page lists it. <see cref="Pinned"/>: a person put it here.</summary>
public sealed record CrashGroupCase(
    Guid Id, string Title, CaseStatus Status, string Customer, string? KernelRelease, DateTimeOffset CreatedAt, bool Pinned, string? CrashSignature);

/// <summary>How many of the group's cases run one kernel release.</summary>
public sealed record KernelReleaseCount(string? KernelRelease, int Cases);

/// <summary>Cases opened in the week that starts on <see cref="WeekStart"/> (Monday, UTC, ISO 8601).</summary>
public sealed record WeeklyCount(DateOnly WeekStart, int Cases);

/// <summary>What the group's newest analysed case shows of the crash: its first line, the call trace, the report's log lines.</summary>
public sealed record RepresentativeCrash(Guid CaseId, string Message, IReadOnlyList<string> Frames, IReadOnlyList<string> LogExcerpt);

/// <summary>
/// One group: its summary, its cases (newest first, at most <see cref="CrashGroupView.MaxCases"/>),
/// the kernel releases affected, cases per week, and a representative crash. A group that was merged
/// into another has <see cref="MergedIntoId"/> and its cases are there.
/// </summary>
public sealed record CrashGroupView(
    CrashGroupSummary Summary, Guid? MergedIntoId, IReadOnlyList<CrashGroupCase> Cases,
    IReadOnlyList<KernelReleaseCount> KernelReleases, IReadOnlyList<WeeklyCount> Weekly, RepresentativeCrash? Representative)
{
    public const int MaxCases = 500;

    /// <summary>The title of the group it was merged into, for a "merged into …" link.</summary>
    public string? MergedIntoTitle { get; init; }
}
