using Crashdesk.Core.Domain;
using Crashdesk.Core.Groups;

namespace Crashdesk.Api.Contracts;

/// <summary>A crash group in the group list: its cases counted (open: not closed), first and last seen.</summary>
public sealed record CrashGroupSummaryDto(
    Guid Id, string Title, string? CrashClass, string? GuiltyFrame, string? Signature, int? SignatureVersion,
    int CaseCount, int OpenCaseCount, int CustomerCount, int KernelReleaseCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen)
{
    public static CrashGroupSummaryDto Of(CrashGroupSummary s) =>
        new(s.Id, s.Title, s.CrashClass, s.GuiltyFrame, s.Signature, s.SignatureVersion, s.CaseCount, s.OpenCaseCount,
            s.CustomerCount, s.KernelReleaseCount, s.FirstSeen, s.LastSeen);
}

/// <summary>One page of crash groups, the next page's cursor, and how many match.</summary>
public sealed record CrashGroupPageDto(IReadOnlyList<CrashGroupSummaryDto> Items, string? NextCursor, int Total);

/// <summary>A case of a group; <c>pinned</c>: a person put it there (re-analysis leaves it).</summary>
public sealed record CrashGroupCaseDto(Guid Id, string Title, string Status, string Customer, string? KernelRelease, DateTimeOffset CreatedAt, bool Pinned, string? CrashSignature);

/// <summary>Cases of one kernel release in the group.</summary>
public sealed record KernelReleaseCountDto(string? KernelRelease, int Cases);

/// <summary>Cases opened in the ISO week starting on <c>weekStart</c> (Monday, UTC).</summary>
public sealed record WeeklyCountDto(DateOnly WeekStart, int Cases);

/// <summary>The newest analysed case's crash: first line, call trace, the report's log lines.</summary>
public sealed record RepresentativeCrashDto(Guid CaseId, string Message, IReadOnlyList<string> Frames, IReadOnlyList<string> LogExcerpt);

/// <summary>
/// A crash group: summary, cases (newest first, at most 500), kernel releases affected, cases per
/// week, a representative crash. <c>mergedIntoId</c> set: the group was merged and its cases are there.
/// </summary>
public sealed record CrashGroupDto(
    CrashGroupSummaryDto Summary, Guid? MergedIntoId, IReadOnlyList<CrashGroupCaseDto> Cases,
    IReadOnlyList<KernelReleaseCountDto> KernelReleases, IReadOnlyList<WeeklyCountDto> Weekly, RepresentativeCrashDto? Representative)
{
    public static CrashGroupDto Of(CrashGroupView v) => new(
        CrashGroupSummaryDto.Of(v.Summary), v.MergedIntoId,
        [.. v.Cases.Select(c => new CrashGroupCaseDto(c.Id, c.Title, CaseWorkflow.Name(c.Status), c.Customer, c.KernelRelease, c.CreatedAt, c.Pinned, c.CrashSignature))],
        [.. v.KernelReleases.Select(r => new KernelReleaseCountDto(r.KernelRelease, r.Cases))],
        [.. v.Weekly.Select(w => new WeeklyCountDto(w.WeekStart, w.Cases))],
        v.Representative is { } r ? new RepresentativeCrashDto(r.CaseId, r.Message, r.Frames, r.LogExcerpt) : null);
}

/// <summary>Merge the group into <c>targetGroupId</c>.</summary>
public sealed record MergeGroupRequest(Guid TargetGroupId);

/// <summary>Split <c>caseIds</c> of the group off into a new group titled <c>title</c>.</summary>
public sealed record SplitGroupRequest(IReadOnlyList<Guid> CaseIds, string Title);

/// <summary>Put the case into <c>groupId</c> (pinned), or with null back into its signature's group.</summary>
public sealed record MoveCaseRequest(Guid? GroupId);

/// <summary>The group a split made.</summary>
public sealed record CreatedGroupDto(Guid Id);

/// <summary>Another case like this one: <c>score</c> orders them (higher: more alike), <c>reasons</c> say why.</summary>
public sealed record SimilarCaseDto(
    Guid Id, string Title, string Customer, string Status, string? KernelRelease, DateTimeOffset CreatedAt, Guid? GroupId, int Score, IReadOnlyList<string> Reasons)
{
    public static SimilarCaseDto Of(SimilarCase s) => new(s.Id, s.Title, s.Customer, CaseWorkflow.Name(s.Status), s.KernelRelease, s.CreatedAt, s.GroupId, s.Score, s.Reasons);
}
