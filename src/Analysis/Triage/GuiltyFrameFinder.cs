using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Finds a report's stack and the frame that names it, following the pattern's
/// <see cref="GuiltyStrategy"/>: the candidates are gathered in the order the strategy trusts them,
/// plumbing (<see cref="PlumbingFrames"/>) is dropped, and hangs and stalls go through
/// <see cref="FrameExtractors"/>. Unreliable (`? `) frames never name a crash.
/// </summary>
internal static partial class GuiltyFrameFinder
{
    [GeneratedRegex(@"at: (?:\[<?(?:0x)?[0-9a-f]+>?\] +)?(?<func>[A-Za-z0-9_]+)[.+]")]
    private static partial Regex AtSite();

    [GeneratedRegex(@"\[<?(?:0x)?[0-9a-f]+>?\] +(?<func>[A-Za-z0-9_]+)[.+]")]
    private static partial Regex PcSite();

    [GeneratedRegex(@"apic_timer_interrupt|Exception stack|el1h_64_irq")]
    private static partial Regex StallInterrupt();

    private const int SignatureDepth = 3;

    /// <summary>Runs the strategy of <paramref name="pattern"/> over the report's lines (header first).</summary>
    public static GuiltyResult Find(IReadOnlyList<LogLine> lines, OopsPattern pattern, Match header)
    {
        var candidates = new List<string>();
        List<TraceFrame> frames;
        TraceFrame? rip;
        int ripIdx;
        switch (pattern.Strategy)
        {
            case GuiltyStrategy.RipThenTrace:
            case GuiltyStrategy.Stall:
                (rip, ripIdx) = FirstRip(lines, 1, lines.Count);
                frames = TraceReader.ReadStackAfter(lines, ripIdx >= 0 ? ripIdx + 1 : 1, out _);
                if (frames.Count == 0 && ripIdx >= 0)
                    frames = TraceReader.ReadStackAfter(lines, 1, out _);
                AddRip(candidates, rip);
                break;
            case GuiltyStrategy.Warning:
            {
                int stack = TraceReader.FindStackStart(lines, 1);
                (rip, ripIdx) = FirstRip(lines, 1, stack < 0 ? lines.Count : stack);
                frames = stack < 0 ? [] : TraceReader.Read(lines, stack + 1, out _);
                AddRip(candidates, rip);
                break;
            }
            case GuiltyStrategy.HeaderFunc:
            {
                AddGroup(candidates, header);
                int stack = TraceReader.FindStackStart(lines, 1);
                frames = stack >= 0 && stack < 15 ? TraceReader.Read(lines, stack + 1, out _) : TraceReader.Read(lines, 1, out _);
                (rip, _) = FirstRip(lines, 1, stack < 0 ? Math.Min(lines.Count, 40) : stack);
                break;
            }
            case GuiltyStrategy.FramesAfterHeader:
                frames = TraceReader.Read(lines, 1, out _);
                if (frames.Count == 0)
                    frames = TraceReader.ReadStackAfter(lines, 1, out _);
                rip = null;
                break;
            case GuiltyStrategy.RcuStall:
                (frames, rip) = RcuStallFrames(lines);
                AddRip(candidates, rip);
                break;
            case GuiltyStrategy.LockdepCircular:
            {
                int second = AddSites(candidates, lines, 1, 2);
                for (int i = second + 1; second >= 0 && i < lines.Count && !TraceReader.IsStackStart(lines[i].Text); i++)
                {
                    var f = FrameParser.ParseTraceLine(lines[i].Text, null);
                    if (f is { Reliable: true })
                        candidates.Add(f.Function);
                }
                frames = LastStack(lines);
                rip = null;
                break;
            }
            case GuiltyStrategy.AtAfterMarker:
            {
                int marker = FindLine(lines, pattern.Marker!, 1);
                if (marker >= 0)
                    AddSites(candidates, lines, marker, 1);
                frames = TraceReader.ReadStackAfter(lines, 1, out _);
                rip = null;
                break;
            }
            case GuiltyStrategy.FirstSiteThenTrace:
            {
                int stack = TraceReader.FindStackStart(lines, 1);
                for (int i = 1; i < (stack < 0 ? Math.Min(lines.Count, 30) : stack); i++)
                {
                    var m = PcSite().Match(lines[i].Text);
                    if (!m.Success)
                        m = AtSite().Match(lines[i].Text);
                    if (m.Success)
                    {
                        candidates.Add(m.Groups["func"].Value);
                        break;
                    }
                }
                frames = stack < 0 ? [] : TraceReader.Read(lines, stack + 1, out _);
                rip = null;
                break;
            }
            case GuiltyStrategy.StackAfterMarker:
            {
                int marker = FindLine(lines, pattern.Marker!, 1);
                frames = marker >= 0 ? TraceReader.Read(lines, marker + 1, out _) : [];
                if (frames.Count == 0)
                    frames = TraceReader.ReadStackAfter(lines, 1, out _);
                rip = null;
                break;
            }
            case GuiltyStrategy.Captured:
            {
                for (int i = 0; i < lines.Count && i < 200; i++)
                {
                    var m = pattern.Marker!.Match(lines[i].Text);
                    if (m.Success)
                    {
                        candidates.Add(m.Groups["func"].Value);
                        break;
                    }
                }
                frames = TraceReader.ReadStackAfter(lines, 1, out _);
                rip = null;
                break;
            }
            default:
                frames = TraceReader.ReadStackAfter(lines, 1, out _);
                (rip, _) = FirstRip(lines, 1, Math.Max(1, TraceReader.FindStackStart(lines, 1)));
                break;
        }
        if (frames.Count == 0 && pattern.Strategy is not GuiltyStrategy.LockdepCircular)
        {
            // No `Call Trace:` line (arm prints its backtrace straight after the header lines, pasted
            // reports lose it): take the first run of frames that follows the header.
            frames = TraceReader.ReadFirstRun(lines, 1);
        }
        if (pattern.Strategy is not (GuiltyStrategy.LockdepCircular))
        {
            // Kernels without frame pointers (3.x x86 and older) print every frame with `?`: when no
            // frame is reliable, the unreliable ones are all there is (dumpstack.c printk_stack_address).
            bool anyReliable = frames.Any(f => f.Reliable);
            candidates.AddRange(frames.Where(f => f.Reliable || !anyReliable).Select(f => f.Function));
        }
        if (pattern.Strategy == GuiltyStrategy.Warning)
            AddGroup(candidates, header);
        return Pick(candidates, frames, rip, pattern);
    }

    private static GuiltyResult Pick(List<string> candidates, List<TraceFrame> frames, TraceFrame? rip, OopsPattern pattern)
    {
        var named = candidates.Where(c => !PlumbingFrames.IsPlumbing(c, pattern.Skip)).Select(FrameNames.Canonical).ToList();
        string? guilty;
        int index;
        if (pattern.Strategy == GuiltyStrategy.HungTask)
            (guilty, index) = FrameExtractors.HungTask(named);
        else if (pattern.Strategy is GuiltyStrategy.Stall or GuiltyStrategy.RcuStall)
            (guilty, index) = FrameExtractors.Stall(named);
        else
            (guilty, index) = named.Count > 0 ? (named[0], 0) : (null, -1);
        if (guilty is null && named.Count > 0)
            (guilty, index) = (named[0], 0);
        if (guilty is null && candidates.Count > 0)
        {
            // Only plumbing was printed (a truncated report): name the top frame rather than nothing.
            named = candidates.Select(FrameNames.Canonical).ToList();
            (guilty, index) = (named[0], 0);
        }
        var signature = new List<string>();
        if (guilty is not null)
        {
            signature.Add(guilty);
            for (int i = index + 1; i < named.Count && signature.Count < SignatureDepth; i++)
            {
                if (named[i] != signature[^1])
                    signature.Add(named[i]);
            }
        }
        var all = rip is not null ? new List<TraceFrame>(frames.Count + 1) { rip } : new List<TraceFrame>(frames.Count);
        all.AddRange(frames);
        return new GuiltyResult(all, rip, guilty, signature);
    }

    private static (List<TraceFrame> Frames, TraceFrame? Rip) RcuStallFrames(IReadOnlyList<LogLine> lines)
    {
        int apic = FindLine(lines, StallInterrupt(), 1);
        if (apic >= 0)
        {
            var (rip, ripIdx) = FirstRip(lines, apic + 1, lines.Count);
            if (rip is not null)
                return (TraceReader.Read(lines, ripIdx + 1, out _), rip);
            var after = TraceReader.Read(lines, apic + 1, out _);
            if (after.Count > 0)
                return (after, null);
        }
        // No timer-interrupt frame (older kernels, arm): the RIP and stack of the report, as for lockups.
        var (firstRip, firstIdx) = FirstRip(lines, 1, lines.Count);
        var stack = TraceReader.ReadStackAfter(lines, firstIdx >= 0 ? firstIdx + 1 : 1, out _);
        return (stack, firstRip);
    }

    /// <summary>The first `RIP:`-like line in [from, to): its kernel frame (null for user mode) and index.</summary>
    private static (TraceFrame? Rip, int Index) FirstRip(IReadOnlyList<LogLine> lines, int from, int to)
    {
        for (int i = from; i < to && i < lines.Count; i++)
        {
            if (FrameParser.IsRipLine(lines[i].Text, out var rip))
                return (rip, i);
        }
        return (null, -1);
    }

    private static void AddRip(List<string> candidates, TraceFrame? rip)
    {
        if (rip is not null)
            candidates.Add(rip.Function);
    }

    private static void AddGroup(List<string> candidates, Match header)
    {
        var g = header.Groups["func"];
        if (g.Success && g.Value.Length > 0)
            candidates.Add(g.Value);
    }

    /// <summary>Adds up to <paramref name="count"/> `at: func` sites from <paramref name="from"/>; returns the last line used.</summary>
    private static int AddSites(List<string> candidates, IReadOnlyList<LogLine> lines, int from, int count)
    {
        int last = -1;
        for (int i = from; i < lines.Count && count > 0; i++)
        {
            var m = AtSite().Match(lines[i].Text);
            if (!m.Success)
                continue;
            candidates.Add(m.Groups["func"].Value);
            last = i;
            count--;
        }
        return last;
    }

    private static int FindLine(IReadOnlyList<LogLine> lines, Regex re, int from)
    {
        for (int i = from; i < lines.Count; i++)
        {
            if (re.IsMatch(lines[i].Text))
                return i;
        }
        return -1;
    }

    private static List<TraceFrame> LastStack(IReadOnlyList<LogLine> lines)
    {
        for (int i = 1; i < lines.Count; i++)
        {
            if (lines[i].Text.Contains("Call Trace", StringComparison.Ordinal) || lines[i].Text.Contains("Call trace:", StringComparison.Ordinal))
                return TraceReader.Read(lines, i + 1, out _);
        }
        return [];
    }
}
