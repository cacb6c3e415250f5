namespace Crashdesk.Core.Groups.Across;

/// <summary>A known issue as the cross-organisation view shows it: enough to see the fix, in whichever organisation it was written.</summary>
public sealed record AcrossKnownIssue(Guid Id, string Title, IReadOnlyList<string> FixedIn);

/// <summary>One organisation's group of a shared signature: its cases, when last seen, the kernels, its known issue if any.</summary>
public sealed record AcrossOrganizationGroup(
    Guid OrganizationId, string OrganizationName, Guid GroupId, string GroupTitle, int CaseCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen,
    IReadOnlyList<KernelReleaseCount> KernelReleases, AcrossKnownIssue? KnownIssue);

/// <summary>
/// A crash signature (string and version) with a group in two or more of the organisations the caller
/// serves: what the crash is (from its biggest group), the cases over all of them, and each organisation's group.
/// </summary>
public sealed record AcrossGroup(
    string Signature, int SignatureVersion, string Title, string? CrashClass, string? GuiltyFrame,
    int CaseCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<AcrossOrganizationGroup> Organizations)
{
    public bool IsKnownIssue => Organizations.Any(o => o.KnownIssue is not null);
}

/// <summary>The cross-organisation groups (most organisations, then most cases first, at most <see cref="MaxGroups"/>) and the organisations they span.</summary>
public sealed record AcrossGroupList(IReadOnlyList<ServedOrganization> Organizations, IReadOnlyList<AcrossGroup> Groups)
{
    public const int MaxGroups = 50;
}

/// <summary>The cross-organisation list's filters, as the per-organisation list reads them.</summary>
public sealed record AcrossGroupQuery
{
    /// <summary>Words of a title or guilty frame (any organisation's group), or a signature.</summary>
    public string? Text { get; init; }
    public string? CrashClass { get; init; }
}

/// <summary>The same signature's group in another organisation the caller serves.</summary>
public sealed record AlsoSeenIn(Guid OrganizationId, string OrganizationName, Guid GroupId, int CaseCount, DateTimeOffset LastSeen);

/// <summary>A known issue of the same signature in another organisation the caller serves, to copy into a group that has none.</summary>
public sealed record KnownIssueSuggestion(Guid OrganizationId, string OrganizationName, Guid GroupId, KnownIssues.KnownIssueView Issue);

/// <summary>The caller serves fewer than two organisations (or acts as a customer, or with a key for one organisation).</summary>
public sealed class NotServingSeveralOrganizationsException(string message) : Exception(message);
