using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Parses lockdep's held-lock listings (kernel/locking/lockdep.c lockdep_print_held_locks, print_lock):
/// `2 locks held by sh/66:` followed by `#0: ffff9b145f8d0430 (sb_writers#3){.+.+}-{0:0}, at: ksys_write+0x5c/0xd0`
/// (6.x), ` #0:  (sb_writers#8){.+.+.+}, at: [&lt;...&gt;] vfs_write+0x1bb/0x1f0` (older, no address or wait types).
/// </summary>
internal static partial class LockParser
{
    [GeneratedRegex(@"^\s*(\d+|no) locks? held by (.+)/(\d+):\s*$")]
    private static partial Regex BlockHeader();

    [GeneratedRegex(@"^\s*(?:#(\d+):\s+)?(?:([0-9a-f]{8,16})\s+)?\((.+)\)\{([^}]*)\}(?:-\{([^}]*)\})?(?:, at: (?:\[<?(?:0x)?[0-9a-f]*>?\]\s*)?(.*?))?\s*$")]
    private static partial Regex LockLine();

    /// <summary>Every held-lock block in <paramref name="lines"/>, in order.</summary>
    public static List<TaskLocks> ParseBlocks(IReadOnlyList<LogLine> lines, int from, int to)
    {
        var result = new List<TaskLocks>();
        for (int i = Math.Max(0, from); i < to && i < lines.Count; i++)
        {
            var h = BlockHeader().Match(lines[i].Text);
            if (!h.Success)
                continue;
            var locks = new List<HeldLock>();
            int j = i + 1;
            for (; j < to && j < lines.Count && locks.Count < 64; j++)
            {
                string text = lines[j].Text;
                if (!text.TrimStart().StartsWith('#'))
                    break;
                var l = ParseLock(text);
                if (l is null)
                    break;
                locks.Add(l);
            }
            result.Add(new TaskLocks
            {
                Comm = h.Groups[2].Value,
                Pid = int.Parse(h.Groups[3].Value, CultureInfo.InvariantCulture),
                Locks = locks,
            });
            i = j - 1;
        }
        return result;
    }

    /// <summary>Parses one lock description (with or without the `#N:` index), or returns null.</summary>
    public static HeldLock? ParseLock(string text)
    {
        if (text.Length > 1000)
            return null;
        var m = LockLine().Match(text);
        if (!m.Success)
            return null;
        string? site = m.Groups[6].Success && m.Groups[6].Value.Length > 0 ? m.Groups[6].Value : null;
        string? function = null;
        if (site is not null)
        {
            int end = site.IndexOfAny(['+', ' ']);
            function = end > 0 ? site[..end] : site;
        }
        return new HeldLock
        {
            Index = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Address = m.Groups[2].Success ? m.Groups[2].Value : null,
            Name = m.Groups[3].Value,
            Usage = m.Groups[4].Value,
            WaitTypes = m.Groups[5].Success ? m.Groups[5].Value : null,
            AcquireSite = site,
            AcquireFunction = function,
        };
    }
}
