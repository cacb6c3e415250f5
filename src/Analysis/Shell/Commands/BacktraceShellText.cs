using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Unwind;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// Prints backtraces in <see cref="CrashBacktraceText"/>'s text (the CLI's) with the links a reader
/// clicks: the header's PID runs <c>bt PID</c>, its TASK <c>struct task_struct ADDR</c>, a frame's
/// stack slot <c>rd ADDR</c> and its return address <c>dis ADDR</c>, an exception's RIP
/// (<c>function+offset</c>) <c>dis</c> of it. <c>bt -f</c> adds the stack
/// words of each frame as crash prints them.
/// </summary>
internal static partial class BacktraceShellText
{
    [GeneratedRegex(@"^PID: (?<pid>\d+) +TASK: (?<task>[0-9a-f]+) ")]
    private static partial Regex Header();

    [GeneratedRegex(@"^ ?#\d+ \[(?<slot>[0-9a-f]{16})\] \S+ at (?<pc>[0-9a-f]{16})")]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"^    \[exception RIP: (?<rip>[^\]]+)\]$")]
    private static partial Regex ExceptionLine();

    /// <summary>Prints <paramref name="traces"/> separated by blank lines, as crash's `bt -a` and `foreach bt` do.</summary>
    public static void Write(CrashShell shell, ShellOutput output, IEnumerable<TaskBacktrace> traces, bool fullFrames, SourceLines? lines, CancellationToken cancellationToken)
    {
        bool first = true;
        foreach (var trace in traces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!first)
                output.WriteLine();
            first = false;
            Write(shell, output, trace, fullFrames, lines);
        }
    }

    /// <summary>Prints one backtrace (<paramref name="lines"/>: `bt -l`'s source lines, when given).</summary>
    public static void Write(CrashShell shell, ShellOutput output, TaskBacktrace trace, bool fullFrames, SourceLines? lines)
    {
        string text = fullFrames || lines is not null
            ? CrashBacktraceText.Format(trace,
                fullFrames ? level => FrameWords(shell.Target.KernelMemory, trace, level) : null,
                lines is null ? null : level => lines.FrameLine(trace.Frames[level]))
            : CrashBacktraceText.Format(trace);
        int start = output.Length;
        output.Write(text);
        int at = 0;
        foreach (string line in text.Split('\n'))
        {
            if (Header().Match(line) is { Success: true } h)
            {
                var pid = h.Groups["pid"];
                var task = h.Groups["task"];
                output.AddLink(start + at + pid.Index, pid.Length, ShellTasks.BacktraceCommand(trace.Pid, trace.Task));
                output.AddLink(start + at + task.Index, task.Length, ShellTasks.StructCommand(trace.Task));
            }
            else if (FrameLine().Match(line) is { Success: true } f)
            {
                var slot = f.Groups["slot"];
                var pc = f.Groups["pc"];
                output.AddLink(start + at + slot.Index, slot.Length, "rd " + slot.Value);
                output.AddLink(start + at + pc.Index, pc.Length, "dis " + pc.Value);
            }
            else if (ExceptionLine().Match(line) is { Success: true } e)
            {
                var rip = e.Groups["rip"];
                output.AddLink(start + at + rip.Index, rip.Length, "dis " + rip.Value);
            }
            at += line.Length + 1;
        }
    }

    /// <summary>
    /// crash's `bt -f` words before frame <paramref name="level"/>'s line (x86_64.c
    /// x86_64_display_full_frame()): the stack from the slot above frame N−1's return address up to
    /// and including frame N's, two words a line ("    ADDR: WORD WORD "), when both frames are
    /// on the same stack; nothing before frame 0 or across a stack switch.
    /// </summary>
    public static string FrameWords(IMemoryReader memory, TaskBacktrace trace, int level)
    {
        if (level == 0 || level >= trace.Frames.Count)
            return "";
        var previous = trace.Frames[level - 1];
        var frame = trace.Frames[level];
        if (frame.LeftStack is not null || previous.Stack != frame.Stack)
            return "";
        ulong from = previous.StackAddress + 8, to = frame.StackAddress;
        if (to < from || to - from >= KernelStacks.ThreadSize)
            return "";
        var sb = new StringBuilder();
        int i = 0;
        for (ulong address = from; address <= to; address += 8, i++)
        {
            if ((i & 1) == 0)
                sb.Append(i == 0 ? "" : "\n").Append(CultureInfo.InvariantCulture, $"    {address:x}: ");
            // A word the dump lacks is shown as such, never as a value.
            sb.Append(memory.TryReadU64(address, out ulong word) ? word.ToString("x16", CultureInfo.InvariantCulture) : "????????????????").Append(' ');
        }
        return sb.Append('\n').ToString();
    }
}
