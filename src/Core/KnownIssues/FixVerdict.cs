namespace Crashdesk.Core.KnownIssues;

/// <summary>The verdict on one case's kernel against one known issue, and the sentence the case page shows.</summary>
/// <param name="Kind">What the kernel is against the fix.</param>
/// <param name="KernelVersion">
/// The kernel's version as it was judged and the sentence names it (<c>6.1.192</c> against an upstream
/// fix, <c>Debian 6.1.192-2</c> against a Debian one, <c>5.14.0-362.8.1.el9_3</c>); null when unknown.
/// </param>
/// <param name="Fix">The fixed-in version it was judged against; null when none applies.</param>
/// <param name="Sentence">For kernel support engineers: "your kernel 6.1.192 predates the fix 6.1.200".</param>
public sealed record FixVerdict(FixVerdictKind Kind, string? KernelVersion, FixedInEntry? Fix, string Sentence);
