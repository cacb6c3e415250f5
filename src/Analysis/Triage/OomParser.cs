using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Reads an OOM-killer report (mm/oom_kill.c dump_header, dump_tasks, __oom_kill_process;
/// mm/show_mem.c): the invoking allocation, the constraint, the memory summary, the task table and
/// the victim.
/// </summary>
internal static partial class OomParser
{
    [GeneratedRegex(@"^(.+?) invoked oom-killer: gfp_mask=(0x[0-9a-f]+)(?:\([^)]*\))?,(?: nodemask=\S+,)? order=(-?\d+)")]
    private static partial Regex Invoked();

    [GeneratedRegex(@"oom-kill:constraint=(\w+)")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"(?:Out of memory|Memory cgroup out of memory)?:? ?Kill(?:ed)? process (\d+) \((.+?)\)(?: total-vm:(\d+)kB, anon-rss:(\d+)kB, file-rss:(\d+)kB(?:, shmem-rss:(\d+)kB)?)?")]
    private static partial Regex Killed();

    [GeneratedRegex(@"^(\d+) pages RAM")]
    private static partial Regex PagesRam();

    [GeneratedRegex(@"\bfree:(\d+) ")]
    private static partial Regex Free();

    [GeneratedRegex(@"^\[\s*(\d+)\]\s+(.+)$")]
    private static partial Regex TaskRow();

    /// <summary>Index of the `invoked oom-killer` line at or before <paramref name="at"/> (searching back at most <paramref name="window"/> lines), or -1.</summary>
    public static int FindStart(IReadOnlyList<LogLine> lines, int at, int window)
    {
        for (int i = Math.Min(at, lines.Count - 1); i >= 0 && i >= at - window; i--)
        {
            if (lines[i].Text.Contains(" invoked oom-killer: ", StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    /// <summary>Parses the OOM report in [from, to).</summary>
    public static OomDetail Parse(IReadOnlyList<LogLine> lines, int from, int to, bool panicked)
    {
        string? invoker = null, gfp = null, constraint = null, killedComm = null, largest = null;
        int? order = null, killedPid = null;
        long? vm = null, anon = null, file = null, shmem = null, ram = null, free = null, largestRss = null;
        for (int i = Math.Max(0, from); i < to && i < lines.Count; i++)
        {
            string text = lines[i].Text;
            Match m;
            if (invoker is null && (m = Invoked().Match(text)).Success)
            {
                invoker = m.Groups[1].Value;
                gfp = m.Groups[2].Value;
                order = (int?)Long(m.Groups[3].Value);
            }
            else if (constraint is null && (m = Constraint().Match(text)).Success)
            {
                constraint = m.Groups[1].Value;
            }
            else if (killedPid is null && text.Contains("ill process", StringComparison.Ordinal) && (m = Killed().Match(text)).Success)
            {
                killedPid = (int?)Long(m.Groups[1].Value);
                killedComm = m.Groups[2].Value;
                vm = Long(m.Groups[3].Value);
                anon = Long(m.Groups[4].Value);
                file = Long(m.Groups[5].Value);
                shmem = Long(m.Groups[6].Value);
            }
            else if (ram is null && (m = PagesRam().Match(text)).Success)
            {
                ram = Long(m.Groups[1].Value);
            }
            else if (free is null && (m = Free().Match(text)).Success)
            {
                free = Long(m.Groups[1].Value);
            }
            else if ((m = TaskRow().Match(text)).Success)
            {
                // [  pid  ] uid tgid total_vm rss ... name: rss is the 4th number after the pid.
                string[] cols = m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (cols.Length >= 6 && Long(cols[3]) is long rss && rss > (largestRss ?? -1))
                {
                    largestRss = rss;
                    largest = cols[^1];
                }
            }
        }
        return new OomDetail
        {
            InvokerComm = invoker, GfpMask = gfp, Order = order, Constraint = constraint,
            KilledPid = killedPid, KilledComm = killedComm, KilledTotalVmKb = vm, KilledAnonRssKb = anon,
            KilledFileRssKb = file, KilledShmemRssKb = shmem, PagesRam = ram, FreePages = free,
            LargestTaskComm = largest, LargestTaskRssPages = largestRss, Panicked = panicked,
        };
    }

    private static long? Long(string s) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null;
}
