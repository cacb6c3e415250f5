using System.Globalization;
using System.Text;

namespace Crashdesk.Analysis.Extractors.Tasks;

/// <summary>Renders a <see cref="TaskList"/> as crash's `ps` (crash 8.0.2 task.c show_ps(), show_ps_data()).</summary>
public static class TaskListText
{
    /// <summary>crash's header line (VADDR_PRLEN 16, "TASK" centred).</summary>
    public const string Header = "      PID    PPID  CPU       TASK        ST  %MEM      VSZ      RSS  COMM";

    /// <summary>The whole `ps` output.</summary>
    public static string Format(TaskList list)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var t in list.Tasks)
            sb.Append(Line(t, list.TotalPages, list.PageSize)).Append('\n');
        return sb.ToString();
    }

    /// <summary>What a column shows for a value that could not be read (crash has no such case; 0 would be a lie).</summary>
    public const string Unknown = "?";

    /// <summary>One task's line: "&gt; " marks the task active on its CPU; unreadable values show as <see cref="Unknown"/>.</summary>
    public static string Line(KernelTask t, long? totalPages, int pageSize)
    {
        string mem;
        if (totalPages is not { } total || t.RssPages is not { } rss)
        {
            mem = "   " + Unknown;
        }
        else
        {
            double pct = total > 0 && (rss > 0 || !t.IsKernelThread) ? rss * 100.0 / total : 0;
            mem = pct.ToString("F1", CultureInfo.InvariantCulture);
            if (mem.Length == 3)
                mem = " " + mem;
        }
        string vszKb = t.TotalVmPages is { } vm ? (vm * pageSize / 1024).ToString(CultureInfo.InvariantCulture) : Unknown;
        string rssKb = t.RssPages is { } r ? (r * pageSize / 1024).ToString(CultureInfo.InvariantCulture) : Unknown;
        string comm = t.IsKernelThread ? $"[{t.Comm}]" : t.Comm;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(t.IsActive ? "> " : "  ")}{t.Pid,7} {(t.Ppid is { } ppid ? ppid.ToString(CultureInfo.InvariantCulture) : Unknown),7} {t.Cpu,3}  {t.Address,16:x} {t.State,3}{(t.State.Length > 3 ? " " : "  ")}{mem} {vszKb,8} {rssKb,8}  {comm}");
    }
}
