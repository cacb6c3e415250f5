using System.Globalization;
using Crashdesk.Analysis.Extractors.Tasks;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// A PID or task address typed after a command, resolved as crash's str_to_context() does
/// (task.c): a decimal number that is a PID names every task with that PID (the idle tasks share
/// PID 0), else a hexadecimal number (with or without 0x) that is a task_struct address names that task.
/// </summary>
internal static class ShellTasks
{
    /// <summary>The tasks <paramref name="word"/> names, or null when it names none (crash: "invalid task or pid value").</summary>
    public static IReadOnlyList<KernelTask>? Resolve(TaskList list, string word)
    {
        if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            var byPid = list.Tasks.Where(t => t.Pid == pid).ToList();
            if (byPid.Count > 0)
                return byPid;
        }
        string hex = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word;
        if (hex.Length is > 0 and <= 16 && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address)
            && list.FindByAddress(address) is { } task)
            return [task];
        return null;
    }

    /// <summary>The command a PID links to: <c>bt PID</c>, or <c>bt ADDR</c> for PID 0, which every idle task has.</summary>
    public static string BacktraceCommand(int pid, ulong task) =>
        pid == 0 ? string.Create(CultureInfo.InvariantCulture, $"bt {task:x}") : string.Create(CultureInfo.InvariantCulture, $"bt {pid}");

    /// <summary>The command a task address links to.</summary>
    public static string StructCommand(ulong task) => string.Create(CultureInfo.InvariantCulture, $"struct task_struct {task:x}");
}
