using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Reads backtraces out of a report's lines: where a stack starts (`Call Trace:`, KASAN's
/// `Allocated by task N:`, kmemleak's `backtrace:`...), and the frames that follow, tolerating the
/// register dumps the kernel prints inside a trace when it crosses from an interrupt into the task.
/// </summary>
internal static partial class TraceReader
{
    [GeneratedRegex(@"Call (?:T|t)race|Allocated by task \d+:|Freed by task \d+:|^Allocated:|^Freed:|[^k] backtrace(?: \(crc [0-9a-f]*\))?:|^backtrace(?: \(crc [0-9a-f]*\))?:|Backtrace:|Uninit was stored to memory at|Uninit was created at|Local variable .* created at:|Last potentially related work creation:|Second to last potentially related work creation:")]
    private static partial Regex StackStart();

    [GeneratedRegex(@"^(?:Modules linked in|---\[ end|Kernel Offset:|Showing all locks|\d+ locks? held by|no locks held by|INFO: task|irq event stamp|Mem-Info|Disabling lock debugging|The buggy address|Memory state around|Sending NMI|NMI backtrace for cpu|Kernel panic - not syncing|task:\S|CPU: \d+ (?:UID: \d+ )?PID: |\[ cut here \]|-+\[ cut here \]|={10,}|-> #\d|other info that might help|Possible unsafe locking scenario|\*\*\* DEADLOCK)")]
    private static partial Regex HardStop();

    [GeneratedRegex(@"^\s*(?:[A-Z][A-Z0-9]{1,3}|[xr]\d{1,2}|sp|lr|pc|pstate|ORIG_RAX|EFLAGS|PKRU|Code|DR\d|EIP|ESP|EAX|ESI|CR\d|FS|GS|CS|DS|ES|SS|ds|es|fs|gs|ss)\s*:|^\s*Code:|^\s*--- interrupt|^\s*\? |^\s*\(|^\s*Exception stack|^\s*\[[0-9a-f ]+\]|^\s*$")]
    private static partial Regex Skippable();

    [GeneratedRegex(@"^\s*CPU: \d+ ")]
    private static partial Regex CpuLine();

    private const int MaxConsecutiveOther = 16;

    public static bool IsStackStart(string text) => text.Length < 300 && StackStart().IsMatch(text);

    /// <summary>Index of the first stack-start line at or after <paramref name="from"/>, or -1.</summary>
    public static int FindStackStart(IReadOnlyList<LogLine> lines, int from)
    {
        for (int i = Math.Max(0, from); i < lines.Count; i++)
        {
            if (IsStackStart(lines[i].Text))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// Reads the frames that start at <paramref name="from"/> (inclusive) until the next stack start, a
    /// line that ends a report section, or too many lines that are not frames. Unreliable frames are
    /// returned with <see cref="TraceFrame.Reliable"/> false.
    /// </summary>
    public static List<TraceFrame> Read(IReadOnlyList<LogLine> lines, int from, out int next)
    {
        var frames = new List<TraceFrame>();
        string? context = null;
        int other = 0;
        string? armCaller = null;
        int i = Math.Max(0, from);
        for (; i < lines.Count; i++)
        {
            string text = lines[i].Text;
            if (IsStackStart(text) || HardStop().IsMatch(text.TrimStart()) && (frames.Count > 0 || !CpuLine().IsMatch(text)))
                break;
            string? marker = FrameParser.ParseMarker(text.Trim());
            if (marker is not null)
            {
                context = marker.StartsWith('/') ? null : marker;
                other = 0;
                continue;
            }
            var frame = FrameParser.ParseTraceLine(text, context);
            if (frame is not null && !FrameParser.IsRipLike(text))
            {
                frames.Add(frame);
                armCaller = FrameParser.ParseArmCaller(text);
                other = 0;
                continue;
            }
            if (frames.Count > 0 && !Skippable().IsMatch(text) && HeaderMatcher.Match(text) is not null)
                break;
            if (++other > MaxConsecutiveOther)
                break;
        }
        // An arm backtrace names each caller on the line of its callee: the last caller has no line of its own.
        if (armCaller is not null)
            frames.Add(new TraceFrame { Function = armCaller, Context = context });
        next = i;
        return frames;
    }

    /// <summary>
    /// The frames of the first run of backtrace lines within <paramref name="scan"/> lines of
    /// <paramref name="from"/>, for reports printed without a `Call Trace:` line; empty when none.
    /// </summary>
    public static List<TraceFrame> ReadFirstRun(IReadOnlyList<LogLine> lines, int from, int scan = 60)
    {
        for (int i = Math.Max(0, from); i < lines.Count && i < from + scan; i++)
        {
            string text = lines[i].Text;
            if (i > from && HeaderMatcher.Match(text) is not null)
                break;
            if (!FrameParser.IsRipLike(text) && FrameParser.ParseTraceLine(text, null) is not null)
                return Read(lines, i, out _);
        }
        return [];
    }

    /// <summary>The frames of the first stack that starts at or after <paramref name="from"/> (the stack-start line itself skipped).</summary>
    public static List<TraceFrame> ReadStackAfter(IReadOnlyList<LogLine> lines, int from, out int stackLine)
    {
        stackLine = FindStackStart(lines, from);
        if (stackLine < 0)
            return [];
        return Read(lines, stackLine + 1, out _);
    }
}
