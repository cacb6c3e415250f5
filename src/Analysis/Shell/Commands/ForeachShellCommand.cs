using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>foreach … bt</c> (task.c cmd_foreach()): the backtrace of every task but the idle ones
/// in the engine's reading order (<see cref="BacktraceOrder.ForEachTask"/>, as <c>crashdesk bt
/// --all-tasks</c>), or of those the keywords before <c>bt</c> select: PIDs, task addresses and
/// command names (any of them), a state (<c>foreach UN bt</c>), <c>kernel</c>, <c>user</c>,
/// <c>active</c>, <c>gleader</c>. Printed task by task, so a cancelled run keeps what it printed.
/// </summary>
internal sealed class ForeachShellCommand : IShellCommand
{
    // crash's state keywords (task.c cmd_foreach(): RU IN UN ST ZO TR DE PA WA ID NE).
    private static readonly string[] States = ["RU", "IN", "UN", "ST", "ZO", "TR", "DE", "PA", "WA", "ID", "NE"];

    // The commands foreach can run in crash (task.c foreach keywords); only bt is built here.
    private static readonly string[] CrashCommands = ["bt", "vm", "task", "files", "net", "set", "sig", "vtop", "ps"];

    public string Name => "foreach";

    public string Summary => "bt for every task, or those selected: foreach [pid|task|name|state|kernel|user|active|gleader] ... bt [-f|-l]";

    public string Usage => "foreach [pid | task | name | state | kernel | user | active | gleader] ... bt [-f] [-l]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        var words = invocation.Words;
        int at = words.ToList().FindIndex(w => CrashCommands.Contains(w, StringComparer.Ordinal));
        if (at < 0)
            throw new ShellCommandException("foreach: no keywords specified");
        if (words[at] != "bt")
            throw new ShellCommandException($"foreach: {words[at]}: only bt is available here");
        var selection = Selection.Parse(shell.GetTasks(cancellationToken), words.Take(at));
        bool fullFrames = false, lines = false;
        foreach (string option in words.Skip(at + 1))
        {
            if (option == "-f")
                fullFrames = true;
            else if (option == "-l")
                lines = true;
            else
                throw new ShellCommandException($"foreach: bt {option}: only bt, bt -f and bt -l are available here");
        }
        var source = lines ? SourceLines.For(shell) : null;
        var traces = BacktraceOrder.ForEachTask(shell.GetBacktraces(cancellationToken), shell.GetTasks(cancellationToken).Tasks, selection.Includes, cancellationToken).Select(o => o.Trace);
        BacktraceShellText.Write(shell, output, traces, fullFrames, source, cancellationToken);
    }

    /// <summary>What the keywords select: named tasks (any), then every filter (all).</summary>
    private sealed class Selection
    {
        private readonly HashSet<ulong>? _named;
        private readonly string? _state;
        private readonly bool _kernel, _user, _active, _leaders;

        private Selection(HashSet<ulong>? named, string? state, bool kernel, bool user, bool active, bool leaders)
        {
            _named = named;
            _state = state;
            _kernel = kernel;
            _user = user;
            _active = active;
            _leaders = leaders;
        }

        public static Selection Parse(TaskList list, IEnumerable<string> keywords)
        {
            HashSet<ulong>? named = null;
            string? state = null;
            bool kernel = false, user = false, active = false, leaders = false;
            foreach (string word in keywords)
            {
                if (States.Contains(word, StringComparer.Ordinal))
                    state = word;
                else if (word == "kernel")
                    kernel = true;
                else if (word == "user")
                    user = true;
                else if (word == "active")
                    active = true;
                else if (word == "gleader")
                    leaders = true;
                else if (word.Length > 0 && char.IsAsciiDigit(word[0]))
                {
                    var tasks = ShellTasks.Resolve(list, word) ?? throw new ShellCommandException($"foreach: invalid task or pid value: {word}");
                    (named ??= []).UnionWith(tasks.Select(t => t.Address));
                }
                else
                {
                    // A command name, compared whole; a leading '\' escapes a name that is also a keyword.
                    string comm = word.StartsWith('\\') ? word[1..] : word;
                    (named ??= []).UnionWith(list.Tasks.Where(t => t.Comm == comm).Select(t => t.Address));
                }
            }
            if (kernel && user)
                throw new ShellCommandException("foreach: kernel and user are mutually exclusive");
            return new Selection(named, state, kernel, user, active, leaders);
        }

        public bool Includes(KernelTask t) =>
            (_named is null || _named.Contains(t.Address))
            && (_state is null || t.State == _state)
            && (!_kernel || t.IsKernelThread)
            && (!_user || !t.IsKernelThread)
            && (!_active || t.IsActive)
            && (!_leaders || t.Pid == t.Tgid);
    }
}
