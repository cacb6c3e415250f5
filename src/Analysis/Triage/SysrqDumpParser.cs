using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Reads SysRq diagnostic dumps (drivers/tty/sysrq.c): `t` show-task-states and `w` show-blocked-tasks
/// print one kernel/sched/core.c sched_show_task block per task, `l` prints an NMI backtrace per CPU
/// (lib/nmi_backtrace.c), `d` prints lockdep's held-lock blocks.
/// </summary>
internal static partial class SysrqDumpParser
{
    [GeneratedRegex(@"^(?:sysrq|SysRq ?): ?(Show State|Show Blocked State|Show backtrace of all active CPUs|Show Locks Held|Show all locks held)")]
    private static partial Regex Start();

    [GeneratedRegex(@"^task:(.+?)\s+state:(\w)\s+stack:\s*\d+\s+pid:\s*(\d+)")]
    private static partial Regex TaskNew();

    [GeneratedRegex(@"^(\S.{0,15}?)\s+([RSDTtXZIPKWN])\s+(?:[0-9a-f]{8,16}\s+)?\d+\s+(\d+)\s+(\d+)\s+0x[0-9a-f]+\s*$")]
    private static partial Regex TaskOld();

    [GeneratedRegex(@"^NMI backtrace for cpu (\d+)")]
    private static partial Regex NmiBacktrace();

    [GeneratedRegex(@"CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (\S+)")]
    private static partial Regex CpuLine();

    public static List<SysrqDump> Parse(IReadOnlyList<LogLine> lines, int maxTasks)
    {
        var dumps = new List<SysrqDump>();
        for (int i = 0; i < lines.Count; i++)
        {
            var s = Start().Match(lines[i].Text);
            if (!s.Success)
                continue;
            string command = s.Groups[1].Value switch
            {
                "Show State" => "t",
                "Show Blocked State" => "w",
                "Show backtrace of all active CPUs" => "l",
                _ => "d",
            };
            int end = i + 1;
            while (end < lines.Count && end - i < 200_000 && !Start().IsMatch(lines[end].Text)
                   && !lines[end].Text.StartsWith("Linux version ", StringComparison.Ordinal)
                   && HeaderMatcher.Match(lines[end].Text) is null)
                end++;
            dumps.Add(new SysrqDump
            {
                Command = command,
                Message = lines[i].Text.Trim(),
                Tasks = ReadTasks(lines, i + 1, end, maxTasks),
                LocksHeld = LockParser.ParseBlocks(lines, i + 1, end),
            });
            i = end - 1;
        }
        return dumps;
    }

    private static List<TaskTrace> ReadTasks(IReadOnlyList<LogLine> lines, int from, int to, int maxTasks)
    {
        var tasks = new List<TaskTrace>();
        for (int i = from; i < to && tasks.Count < maxTasks; i++)
        {
            string text = lines[i].Text;
            string? comm = null, state = null;
            int? pid = null, cpu = null;
            Match m;
            if ((m = TaskNew().Match(text)).Success || (m = TaskOld().Match(text)).Success)
            {
                comm = m.Groups[1].Value.Trim();
                state = m.Groups[2].Value;
                pid = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            }
            else if ((m = NmiBacktrace().Match(text)).Success)
            {
                cpu = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                for (int j = i + 1; j < to && j < i + 4; j++)
                {
                    var c = CpuLine().Match(lines[j].Text);
                    if (c.Success)
                    {
                        pid = int.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture);
                        comm = c.Groups[2].Value;
                        break;
                    }
                }
                comm ??= "cpu" + cpu;
            }
            else
            {
                continue;
            }
            int stack = -1;
            for (int j = i + 1; j < to && j < i + 40; j++)
            {
                if (TraceReader.IsStackStart(lines[j].Text))
                {
                    stack = j;
                    break;
                }
                if (TaskNew().IsMatch(lines[j].Text) || TaskOld().IsMatch(lines[j].Text))
                    break;
            }
            var frames = stack >= 0 ? TraceReader.Read(lines, stack + 1, out _) : [];
            tasks.Add(new TaskTrace { Comm = comm, Pid = pid, State = state, Cpu = cpu, Frames = frames });
        }
        return tasks;
    }
}
