using Crashdesk.Core.Groups.Across;

namespace Crashdesk.Api.Contracts;

/// <summary>An organisation the caller serves as engineer or administrator.</summary>
public sealed record ServedOrganizationDto(Guid Id, string Name)
{
    public static ServedOrganizationDto Of(ServedOrganization o) => new(o.Id, o.Name);
}

/// <summary>A known issue of one organisation's group, as the cross-organisation view shows it (its fixes, wherever it was written).</summary>
public sealed record AcrossKnownIssueDto(Guid Id, string Title, IReadOnlyList<string> FixedIn);

/// <summary>One served organisation's group of the signature: its id (GET /groups/{groupId} acting in that organisation), cases, kernels, known issue.</summary>
public sealed record AcrossOrganizationGroupDto(
    Guid OrganizationId, string OrganizationName, Guid GroupId, string GroupTitle, int CaseCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen,
    IReadOnlyList<KernelReleaseCountDto> KernelReleases, AcrossKnownIssueDto? KnownIssue)
{
    public static AcrossOrganizationGroupDto Of(AcrossOrganizationGroup o) => new(
        o.OrganizationId, o.OrganizationName, o.GroupId, o.GroupTitle, o.CaseCount, o.FirstSeen, o.LastSeen,
        [.. o.KernelReleases.Select(r => new KernelReleaseCountDto(r.KernelRelease, r.Cases))],
        o.KnownIssue is { } k ? new AcrossKnownIssueDto(k.Id, k.Title, k.FixedIn) : null);
}

/// <summary>
/// A crash signature with groups in two or more organisations the caller serves: title, class and guilty
/// frame of its biggest group, cases over all of them, first and last seen, and each organisation's group.
/// </summary>
public sealed record AcrossGroupDto(
    string Signature, int SignatureVersion, string Title, string? CrashClass, string? GuiltyFrame, int CaseCount, int OrganizationCount,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, bool IsKnownIssue, IReadOnlyList<AcrossOrganizationGroupDto> Organizations)
{
    public static AcrossGroupDto Of(AcrossGroup g) => new(
        g.Signature, g.SignatureVersion, g.Title, g.CrashClass, g.GuiltyFrame, g.CaseCount, g.Organizations.Select(o => o.OrganizationId).Distinct().Count(),
        g.FirstSeen, g.LastSeen, g.IsKnownIssue, [.. g.Organizations.Select(AcrossOrganizationGroupDto.Of)]);
}

/// <summary>
/// The cross-organisation groups (most organisations, then most cases first; at most 50, as a page of the per-organisation list) and the
/// organisations the view spans. <c>nextCursor</c> is always null: the list is bounded, not paged.
/// </summary>
public sealed record AcrossGroupListDto(IReadOnlyList<ServedOrganizationDto> Organizations, IReadOnlyList<AcrossGroupDto> Items, string? NextCursor);

/// <summary>The group's signature in another organisation the caller serves.</summary>
public sealed record AlsoSeenInDto(Guid OrganizationId, string OrganizationName, Guid GroupId, int CaseCount, DateTimeOffset LastSeen)
{
    public static AlsoSeenInDto Of(AlsoSeenIn a) => new(a.OrganizationId, a.OrganizationName, a.GroupId, a.CaseCount, a.LastSeen);
}

/// <summary>The other served organisations with the group's signature; <c>nextCursor</c> always null (bounded by the organisations served).</summary>
public sealed record AlsoSeenInListDto(IReadOnlyList<AlsoSeenInDto> Items, string? NextCursor);

/// <summary>A known issue of the group's signature in another organisation the caller serves, to copy with POST …/known-issue/copy.</summary>
public sealed record KnownIssueSuggestionDto(Guid OrganizationId, string OrganizationName, Guid GroupId, KnownIssueDto KnownIssue)
{
    public static KnownIssueSuggestionDto Of(KnownIssueSuggestion s) => new(s.OrganizationId, s.OrganizationName, s.GroupId, KnownIssueDto.Of(s.Issue));
}

/// <summary>Known issues to copy into the group (empty once it is a known issue); <c>nextCursor</c> always null.</summary>
public sealed record KnownIssueSuggestionListDto(IReadOnlyList<KnownIssueSuggestionDto> Items, string? NextCursor);

/// <summary>Which served organisation's known issue of the same signature to copy.</summary>
public sealed record CopyKnownIssueRequest(Guid? FromOrganizationId);
