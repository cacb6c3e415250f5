using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Shell;

/// <summary>
/// Tab completion: the first word completes to command names; after a command that takes a symbol
/// (<c>p</c>, <c>px</c>, <c>rd</c>, <c>dis</c>, <c>sym</c>) the word completes to symbol names, after
/// one that takes a type (<c>struct</c>, <c>union</c>, <c>task</c>, and <c>list -s</c>) to struct or
/// union names (the part before a '.'; after it, member names of that type). Names come from
/// sorted indexes the shell builds on first use (<see cref="ShellNameIndex"/>).
/// </summary>
public static class ShellCompletion
{
    private static readonly HashSet<string> _symbolCommands = new(StringComparer.Ordinal) { "p", "px", "rd", "dis", "sym" };
    private static readonly HashSet<string> _typeCommands = new(StringComparer.Ordinal) { "struct", "union", "task" };

    /// <summary>Candidates for the last word of <paramref name="line"/>.</summary>
    public static IReadOnlyList<string> Complete(CrashShell shell, string line, int max)
    {
        string trimmed = line.TrimStart();
        int space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
            return CommandNames(shell.Commands, trimmed, max);
        string command = trimmed[..space];
        string[] words = trimmed.Split(' ');
        string word = words[^1];
        string? previous = words.Length >= 2 ? words[^2] : null;
        if (word.StartsWith('-'))
            return [];
        if (_symbolCommands.Contains(command))
            return shell.SymbolNames.StartingWith(word, max);
        bool wantsType = _typeCommands.Contains(command) && !words[1..^1].Any(w => w.Length > 0 && !w.StartsWith('-'));
        if (wantsType || (command == "list" && previous is "-s" or "-S"))
            return TypeOrMember(shell, word, max, keyword: command == "union" ? "union" : "struct");
        return [];
    }

    /// <summary>The names of <paramref name="commands"/> that start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> CommandNames(ShellCommandSet commands, string prefix, int max) =>
        commands.All.Select(c => c.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Take(max).ToList();

    /// <summary>All struct (or union) tags the shell's debug kernel or profile defines; none from BTF alone, whose names the engine does not list.</summary>
    internal static IEnumerable<string> TypeNames(IKernelDebugInfo? debugInfo, string keyword) => debugInfo switch
    {
        DebugKernel kernel => keyword == "union" ? kernel.Dwarf.Index.UnionNames : kernel.Dwarf.Index.StructNames,
        KernelProfile profile => profile.NamedTypes.Keys.Where(k => k.StartsWith(keyword + " ", StringComparison.Ordinal)).Select(k => k[(keyword.Length + 1)..]),
        _ => [],
    };

    private static IReadOnlyList<string> TypeOrMember(CrashShell shell, string word, int max, string keyword)
    {
        int dot = word.LastIndexOf('.');
        if (dot < 0)
            return shell.TypeNames(keyword).StartingWith(word, max);
        // "task_struct.pid,co" → members of task_struct starting with "co".
        int firstDot = word.IndexOf('.', StringComparison.Ordinal);
        string typeName = word[..firstDot];
        int comma = word.LastIndexOf(',');
        int start = Math.Max(dot, comma) + 1;
        string prefix = word[start..];
        if (!shell.Context.Types.Source.TryFindType(keyword + " " + typeName, out var type))
            return [];
        // A path after the last comma: walk to the member that holds the one being typed.
        string path = word[(Math.Max(firstDot, comma) + 1)..start];
        foreach (string part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!type.TryFindMember(part, out var m, out _))
                return [];
            type = m.Type;
        }
        var names = new List<string>();
        CollectMembers(type, names, 0);
        string head = word[..start];
        return names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(max).Select(n => head + n).ToList();
    }

    private static void CollectMembers(Types.KernelType type, List<string> names, int depth)
    {
        if (depth > AnalysisLimits.Default.MaxTypeChain)
            return;
        foreach (var m in type.Resolved.Members)
        {
            if (m.Name is not null)
                names.Add(m.Name);
            else
                CollectMembers(m.Type, names, depth + 1);
        }
    }
}
