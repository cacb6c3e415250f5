namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Cuts a log into crash reports: a header line opens one; it runs until the next header that is not
/// a continuation (a panic line after an oops, `invalid opcode` after `kernel BUG`), or until the
/// machine boots again (the kdump capture kernel, a reboot).
/// </summary>
internal static class ReportSplitter
{
    private const int TraceLookahead = 60;

    public static List<ReportRegion> Split(IReadOnlyList<LogLine> lines, int maxReports)
    {
        var starts = new List<(int Index, OopsPattern Pattern, System.Text.RegularExpressions.Match Match)>();
        var boots = new List<int>();
        OopsPattern? open = null;
        int openLine = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            string text = lines[i].Text;
            if (IsBootMarker(lines[i]))
            {
                boots.Add(i);
                open = null;
                continue;
            }
            var hit = HeaderMatcher.Match(text);
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
            if (pattern.NeedsTrace && !HasTraceAhead(lines, i))
                continue;
            if (starts.Count >= maxReports)
                break;
            starts.Add((i, pattern, match));
            open = pattern;
            openLine = i;
        }
        var regions = new List<ReportRegion>(starts.Count);
        for (int k = 0; k < starts.Count; k++)
        {
            var (start, pattern, match) = starts[k];
            int bootEnd = boots.FirstOrDefault(b => b > start, lines.Count);
            int end = k + 1 < starts.Count ? Math.Min(starts[k + 1].Index, bootEnd) : bootEnd;
            string? context = lines[start].Context;
            regions.Add(new ReportRegion(pattern, match, start, end, bootEnd, context is { Length: > 0 } ? context : null));
        }
        return regions;
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

    private static bool HasTraceAhead(IReadOnlyList<LogLine> lines, int at)
    {
        for (int i = at + 1; i < lines.Count && i <= at + TraceLookahead; i++)
        {
            string text = lines[i].Text;
            if (TraceReader.IsStackStart(text) || FrameParser.ParseRipLine(text) is not null)
                return true;
            if (IsBootMarker(lines[i]) || HeaderMatcher.Match(text) is { } h && !h.Pattern.Continuation)
                return false;
        }
        return false;
    }
}
