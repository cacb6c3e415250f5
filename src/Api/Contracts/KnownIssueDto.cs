using Crashdesk.Core.KnownIssues;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// A crash group marked a known issue. <c>fixedIn</c>: one entry per kernel line — an upstream stable
/// version (<c>6.1.76</c>), or a distribution's (<c>Debian 6.1.76-1</c>, <c>RHEL 9.3 kernel-5.14.0-362.8.1</c>,
/// <c>Ubuntu 5.15.0-100.110</c>). <c>workaround</c> is Markdown. <c>version</c> is what a PUT sends as If-Match ("k{version}").
/// </summary>
public sealed record KnownIssueDto(
    Guid Id, Guid GroupId, string GroupTitle, string Title, IReadOnlyList<string> Links, IReadOnlyList<string> FixedIn,
    string Workaround, string CaptureAdvice, int Version, int CaseCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static KnownIssueDto Of(KnownIssueView k) =>
        new(k.Id, k.GroupId, k.GroupTitle, k.Title, k.Links, k.FixedIn, k.Workaround, k.CaptureAdvice, k.Version, k.CaseCount, k.CreatedAt, k.UpdatedAt);
}

/// <summary>What a PUT of a group's known issue replaces: every field (absent lists and texts become empty).</summary>
public sealed record KnownIssueRequest(string? Title, IReadOnlyList<string>? Links, IReadOnlyList<string>? FixedIn, string? Workaround, string? CaptureAdvice)
{
    public KnownIssueInput ToInput() => new() { Title = Title, Links = Links, FixedIn = FixedIn, Workaround = Workaround, CaptureAdvice = CaptureAdvice };
}

/// <summary>
/// The known issue of a case's group and what it says of the case's kernel. <c>verdict</c>:
/// <c>predates-fix</c> (the kernel is older than the fix on its line), <c>has-fix</c> (newer or equal:
/// the crash is something else, or the fix is incomplete — look again), <c>no-fix-on-its-line</c>,
/// <c>unknown</c> (the kernel's release could not be read); <c>sentence</c> says it for people.
/// </summary>
public sealed record CaseKnownIssueDto(Guid Id, Guid GroupId, string Title, string Verdict, string? KernelVersion, string? FixedIn, string Sentence)
{
    public static CaseKnownIssueDto Of(CaseKnownIssue k) =>
        new(k.Issue.Id, k.Issue.GroupId, k.Issue.Title, FixVerdictNames.Of(k.Verdict.Kind), k.Verdict.KernelVersion, k.Verdict.Fix?.Text, k.Verdict.Sentence);
}
