using System.Globalization;
using Crashdesk.Analysis.Extractors.Tasks;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>ps</c> (task.c cmd_ps(), show_ps(), show_ps_data()) in the text <c>crashdesk ps</c> prints:
/// every task, or those named by PID, task address or command name; <c>-k</c> kernel threads only,
/// <c>-u</c> user tasks only, <c>-G</c> thread-group leaders only, <c>-S</c> a count per state.
/// </summary>
internal sealed class PsShellCommand : IShellCommand
{
    public string Name => "ps";

    public string Summary => "tasks: PID, PPID, CPU, TASK, state, memory, command (-k kernel, -u user, -G leaders, -S state counts)";

    public string Usage => "ps [-k|-u] [-G] [-S] [pid | task | command] ...";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        CrashOptions.Check(this, invocation, "-k", "-u", "-G", "-S");
        bool kernel = invocation.Has("-k"), user = invocation.Has("-u"), leaders = invocation.Has("-G"), summary = invocation.Has("-S");
        if (kernel && user)
            throw new ShellCommandException("ps: -u and -k are mutually exclusive");
        var list = shell.GetTasks(cancellationToken);
        var arguments = invocation.Arguments;
        if (summary)
        {
            // show_ps_summary(): no header, one "  ST: N" line per state in the order states first appear.
            if (arguments.Count > 0)
                throw new ShellCommandException("ps: -S option takes no arguments");
            if (kernel || user || leaders)
                throw new ShellCommandException("ps: -S option cannot be used with other options");
            foreach (var state in list.Tasks.GroupBy(t => t.State))
            {
                cancellationToken.ThrowIfCancellationRequested();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {state.Key}: {state.Count()}"));
            }
            return;
        }
        var selectors = new List<Func<KernelTask, bool>>();
        foreach (string word in arguments)
        {
            if (LooksLikeNumber(word))
            {
                // cmd_ps(): error(INFO, "invalid task or pid value: %s\n\n", …), the other arguments still count.
                if (ShellTasks.Resolve(list, word) is { } named)
                {
                    var addresses = named.Select(t => t.Address).ToHashSet();
                    selectors.Add(t => addresses.Contains(t.Address));
                }
                else
                    output.WriteLine($"ps: invalid task or pid value: {word}\n");
                continue;
            }
            // A command name, compared whole (STREQ); a leading '\' escapes a name that looks like a number.
            string comm = word.StartsWith('\\') ? word[1..] : word;
            selectors.Add(t => t.Comm == comm);
        }
        output.WriteLine(TaskListText.Header);
        var shownLeaders = new HashSet<ulong>();
        foreach (var task in list.Tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // show_ps(): with arguments, a task is printed once per argument it matches.
            int times = arguments.Count == 0 ? 1 : selectors.Count(s => s(task));
            for (int i = 0; i < times; i++)
                if (Shown(list, task, kernel, user, leaders, shownLeaders, selectors.Count > 0) is { } shown)
                    WriteLine(output, list, shown);
        }
    }

    // defs.h IS_A_NUMBER(): decimal or hexadecimal (so `ps dd` is a number crash rejects; `ps \dd` is the command).
    private static bool LooksLikeNumber(string word)
    {
        string digits = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word;
        return digits.Length > 0 && digits.All(char.IsAsciiHexDigit);
    }

    private static KernelTask? Shown(TaskList list, KernelTask task, bool kernel, bool user, bool leaders, HashSet<ulong> shownLeaders, bool specified)
    {
        // show_ps_data(): -u skips kernel threads, -k user tasks; -G prints each thread group's
        // leader once, a named thread standing for its leader.
        if (user && task.IsKernelThread || kernel && !task.IsKernelThread)
            return null;
        if (!leaders)
            return task;
        var leader = task;
        if (task.Pid != task.Tgid)
        {
            if (!specified)
                return null;
            leader = list.Tasks.FirstOrDefault(t => t.Pid == task.Tgid && t.Tgid == task.Tgid);
            if (leader is null)
                return null;
        }
        return shownLeaders.Add(leader.Address) ? leader : null;
    }

    private static void WriteLine(ShellOutput output, TaskList list, KernelTask task)
    {
        string line = TaskListText.Line(task, list.TotalPages, list.PageSize);
        int start = output.Length;
        output.WriteLine(line);
        // The PID column ends at the 9th character; TASK is the 16-digit address after CPU.
        string pid = task.Pid.ToString(CultureInfo.InvariantCulture);
        output.AddLink(start + 9 - pid.Length, pid.Length, ShellTasks.BacktraceCommand(task.Pid, task.Address));
        string address = task.Address.ToString("x", CultureInfo.InvariantCulture);
        int at = line.IndexOf(" " + address + " ", 18, StringComparison.Ordinal);
        if (at >= 0)
            output.AddLink(start + at + 1, address.Length, ShellTasks.StructCommand(task.Address));
    }
}
