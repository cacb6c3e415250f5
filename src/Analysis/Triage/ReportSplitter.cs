namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Cuts a log into crash reports: a header line opens one; it runs until the next header that is not
/// a continuation (a panic line after an oops, `invalid opcode` after `kernel BUG`), or until the
/// machine boots again (the kdump capture kernel, a reboot).
/// One pass over the lines: each line's header is matched once (<see cref="HeaderCache"/>) and the
/// look-ahead for a stack trace resumes where the previous one stopped (<see cref="TraceLookahead"/>),
/// so a log made of nothing but headers costs what any other log of its size costs.
/// </summary>
internal static class ReportSplitter
{
    public static SplitResult Split(IReadOnlyList<LogLine> lines, int maxReports)
    {
        var headers = new HeaderCache(lines);
        var lookahead = new TraceLookahead(lines, headers);
        var starts = new List<(int Index, OopsPattern Pattern, System.Text.RegularExpressions.Match Match)>();
        var boots = new List<int>();
        int skipped = 0, firstSkipped = -1;
        OopsPattern? open = null;
        int openLine = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            if (IsBootMarker(lines[i]))
            {
                boots.Add(i);
                open = null;
                continue;
            }
            var hit = headers.At(i);
            if (hit is null)
                continue;
            var (pattern, match) = hit.Value;
            // A panic or `invalid opcode` line continues the report it follows, unless that report ended
            // long before (an old warning, then an unrelated panic much later).
            if (open is not null && pattern.Continuation && IsNear(lines, openLine, i))
                continue;
            if (open is not null && pattern.Family is not null && pattern.Family == open.Family)
                continue;
            // The same header again at once is one report printed twice (two CPUs faulting together on
            // arm, a second console echoing every line); separate hung tasks are several lines apart.
            if (open is not null && ReferenceEquals(pattern, open) && i - openLine <= 2 && pattern.Strategy != GuiltyStrategy.HungTask)
                continue;
            if (pattern.NeedsTrace && !lookahead.HasTraceAfter(i))
                continue;
            // Past the cap the reports are counted, not kept: the result says how many were left out.
            if (starts.Count >= maxReports)
            {
                if (skipped++ == 0)
                    firstSkipped = i;
            }
            else
                starts.Add((i, pattern, match));
            open = pattern;
            openLine = i;
        }
        var regions = new List<ReportRegion>(starts.Count);
        int boot = 0;
        for (int k = 0; k < starts.Count; k++)
        {
            var (start, pattern, match) = starts[k];
            // Starts and boots are both in log order: one cursor finds each report's boot end.
            while (boot < boots.Count && boots[boot] <= start)
                boot++;
            int bootEnd = boot < boots.Count ? boots[boot] : lines.Count;
            // The last kept report ends where the first skipped one starts: without that bound it ran
            // to the end of the boot, and every report's episode re-read up to MaxTriageReportLines of
            // skipped headers (200 reports x 5 000 lines on a flood of hung-task headers: 18 s).
            int next = k + 1 < starts.Count ? starts[k + 1].Index : firstSkipped >= 0 ? firstSkipped : bootEnd;
            int end = Math.Min(next, bootEnd);
            string? context = lines[start].Context;
            regions.Add(new ReportRegion(pattern, match, start, end, bootEnd, context is { Length: > 0 } ? context : null));
        }
        return new SplitResult(regions, skipped);
    }

    /// <summary>`Linux version ...` (init/version.c linux_banner) starts a new boot.</summary>
    public static bool IsBootMarker(LogLine line) =>
        line.Text.StartsWith("Linux version ", StringComparison.Ordinal);

    private const int ContinuationLines = 2000;
    private const double ContinuationSeconds = 120;

    private static bool IsNear(IReadOnlyList<LogLine> lines, int open, int at)
    {
        if (at - open > ContinuationLines)
            return false;
        return lines[open].Time is not double t0 || lines[at].Time is not double t1 || t1 - t0 <= ContinuationSeconds;
    }
}
