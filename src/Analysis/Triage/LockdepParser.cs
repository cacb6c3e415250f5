using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Reads the body of a lockdep splat (kernel/locking/lockdep.c print_circular_bug_header,
/// print_deadlock_bug, print_circular_bug_entry): who acquires which lock while holding which, and the
/// `-> #N (lock){....}:` entries of the existing dependency chain with their stacks.
/// </summary>
internal static partial class LockdepParser
{
    [GeneratedRegex(@"^(?:WARNING|INFO|BUG): (.+?)(?: \]|!)?\s*$")]
    private static partial Regex Kind();

    [GeneratedRegex(@"^(.+/\d+) is trying to acquire(?: lock)?:?")]
    private static partial Regex Acquiring();

    [GeneratedRegex(@"^-> #(\d+) \((.+)\)\{[^}]*\}(?:-\{[^}]*\})?:\s*$")]
    private static partial Regex ChainLink();

    /// <summary>Parses the splat whose header is <paramref name="lines"/>[0].</summary>
    public static LockdepDetail Parse(IReadOnlyList<LogLine> lines)
    {
        var kind = Kind().Match(lines[0].Text.Trim().TrimStart('[', ' '));
        string? task = null;
        HeldLock? acquiring = null, holding = null;
        var chain = new List<LockdepChainLink>();
        int stop = Math.Min(lines.Count, 400);
        for (int i = 1; i < stop; i++)
        {
            string text = lines[i].Text.Trim();
            var a = Acquiring().Match(text);
            if (a.Success && acquiring is null)
            {
                task = a.Groups[1].Value;
                acquiring = NextLock(lines, i + 1, stop);
                continue;
            }
            if (holding is null && text.StartsWith("but task is already holding lock", StringComparison.Ordinal))
            {
                holding = NextLock(lines, i + 1, stop);
                continue;
            }
            var c = ChainLink().Match(text);
            if (c.Success && chain.Count < 32)
            {
                var frames = TraceReader.Read(lines, i + 1, out int next);
                chain.Add(new LockdepChainLink
                {
                    Index = int.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture),
                    Lock = c.Groups[2].Value,
                    Frames = frames,
                });
                i = Math.Max(i, next - 1);
                continue;
            }
            if (text.StartsWith("stack backtrace:", StringComparison.Ordinal))
                break;
        }
        return new LockdepDetail
        {
            Kind = kind.Success ? kind.Groups[1].Value.Trim() : lines[0].Text.Trim(),
            Task = task,
            Acquiring = acquiring,
            Holding = holding,
            Chain = chain,
        };
    }

    private static HeldLock? NextLock(IReadOnlyList<LogLine> lines, int from, int stop)
    {
        for (int i = from; i < stop && i < from + 3; i++)
        {
            var l = LockParser.ParseLock(lines[i].Text);
            if (l is not null)
                return l;
        }
        return null;
    }
}
