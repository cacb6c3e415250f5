using System.Text.RegularExpressions;
using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Groups;

/// <summary>Another case like this one, how alike (a score for ordering) and why, in words.</summary>
public sealed record SimilarCase(
    Guid Id, string Title, string Customer, CaseStatus Status, string? KernelRelease, DateTimeOffset CreatedAt, Guid? GroupId,
    int Score, IReadOnlyList<string> Reasons);

/// <summary>What two cases are compared on: the facts the analysis stored on each.</summary>
public sealed record SimilarityFacts(string? Signature, string? GuiltyFrame, string? GuiltyModule, string? TriageTitle, IReadOnlyList<string>? TraceFrames);

/// <summary>
/// How alike two crashes are, the way a support engineer judges it: the same signature (the same
/// crash), the same guilty function, the same title once numbers and addresses are gone (syzbot's
/// and ABRT's duplicate titles), call-trace functions in common, the same module.
/// </summary>
public static partial class SimilarityScore
{
    /// <summary>Frames two unrelated crashes may share by chance (a common syscall path); fewer say nothing.</summary>
    public const int MinSharedFrames = 3;

    public static (int Score, List<string> Reasons) Of(SimilarityFacts a, SimilarityFacts b)
    {
        int score = 0;
        var reasons = new List<string>();
        if (a.Signature is { } signature && signature == b.Signature)
        {
            score += 100;
            reasons.Add("same crash signature");
        }
        if (a.GuiltyFrame is { } guilty && guilty == b.GuiltyFrame)
        {
            score += 40;
            reasons.Add($"same guilty frame {guilty}");
        }
        if (Normalise(a.TriageTitle) is { } title && title == Normalise(b.TriageTitle))
        {
            score += 30;
            reasons.Add("same title");
        }
        if (a.TraceFrames is { Count: > 0 } mine && b.TraceFrames is { Count: > 0 } theirs)
        {
            int shared = mine.Intersect(theirs, StringComparer.Ordinal).Count();
            if (shared >= MinSharedFrames || (shared > 0 && shared == Math.Min(mine.Count, theirs.Count)))
            {
                score += 30 * shared / Math.Max(mine.Count, theirs.Count) + shared;
                reasons.Add($"{shared} of {mine.Count} call-trace functions in common");
            }
        }
        if (a.GuiltyModule is { } module && module == b.GuiltyModule)
        {
            score += 10;
            reasons.Add($"same module [{module}]");
        }
        return (score, reasons);
    }

    /// <summary>The title without what differs between two reports of one bug: hex addresses, numbers, PIDs.</summary>
    public static string? Normalise(string? title) =>
        string.IsNullOrWhiteSpace(title) ? null : Numbers().Replace(Hex().Replace(title.Trim().ToLowerInvariant(), "ADDR"), "N");

    [GeneratedRegex(@"0x[0-9a-f]+|\b[0-9a-f]{8,16}\b")]
    private static partial Regex Hex();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();
}
