using Crashdesk.Analysis.Extractors.Tasks;

namespace Crashdesk.Web.ViewModels;

/// <summary>One row of the Tasks panel: the columns of crash's `ps`.</summary>
/// <param name="Pid">The task's PID.</param>
/// <param name="Ppid">The parent's PID; null when the parent's task_struct is not in the dump.</param>
/// <param name="Cpu">The CPU the task was last on.</param>
/// <param name="Address">The task_struct's address.</param>
/// <param name="State">crash's two-letter state (RU, IN, UN…).</param>
/// <param name="TotalVmPages">Pages mapped; null when the mm_struct could not be read.</param>
/// <param name="RssPages">Resident pages; null when the mm_struct could not be read.</param>
/// <param name="Comm">The command name.</param>
/// <param name="IsActive">Running on its CPU at the crash (crash's '>').</param>
/// <param name="InBrackets">A kernel thread or an idle task, which crash prints in brackets.</param>
public sealed record TaskRow(
    int Pid, int? Ppid, int Cpu, ulong Address, string State, long? TotalVmPages, long? RssPages, string Comm, bool IsActive, bool InBrackets)
{
    /// <summary>The report's tasks in its order (none: an empty list).</summary>
    public static IReadOnlyList<TaskRow> Of(IReadOnlyList<KernelTask>? tasks) =>
        [.. (tasks ?? []).Select(t => new TaskRow(
            t.Pid, t.Ppid, t.Cpu, t.Address, t.State, t.TotalVmPages, t.RssPages, t.Comm, t.IsActive, t.IsKernelThread || t.IsIdle))];

    /// <summary>True when <paramref name="filter"/> is the command (in part), the PID or the state (case-insensitive).</summary>
    public bool Matches(string? filter)
    {
        if (TaskFilter.Normalize(filter) is not { } f)
            return true;
        return TaskFilter.MatchesCommOrPid(f, Comm, Pid) || string.Equals(State, f, StringComparison.OrdinalIgnoreCase);
    }
}
