namespace Crashdesk.Core.Environments.FromDump;

/// <summary>
/// The module list an oops prints (kernel/module/main.c print_modules: "Modules linked in:" then
/// " name(taint letters)" per module and " [last unloaded: name]"): what a console log knows of the
/// loaded modules. Read from the first such line at or after the crash report's first line.
/// </summary>
public static class ModulesLinkedIn
{
    private const string Marker = "Modules linked in:";

    /// <summary>How far after the report's first line the list may come (an oops prints it after the header, before the registers).</summary>
    private const int MaxLinesAfterHeader = 400;

    /// <summary>The list after line <paramref name="crashLine"/> (1-based) of the log's <paramref name="lines"/>, or null when there is none.</summary>
    public static IReadOnlyList<ModuleFact>? Parse(IReadOnlyList<string> lines, int? crashLine)
    {
        int from = Math.Max(0, (crashLine ?? 1) - 1);
        for (int i = from; i < lines.Count && i < from + MaxLinesAfterHeader; i++)
        {
            int at = lines[i].IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
                return ParseList(lines[i][(at + Marker.Length)..]);
        }
        return null;
    }

    internal static IReadOnlyList<ModuleFact> ParseList(string list)
    {
        int unloaded = list.IndexOf("[last unloaded:", StringComparison.Ordinal);
        if (unloaded >= 0)
            list = list[..unloaded];
        var modules = new List<ModuleFact>();
        foreach (var token in list.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int open = token.IndexOf('(');
            if (open > 0 && token.EndsWith(')'))
                modules.Add(new ModuleFact(token[..open], null, token[(open + 1)..^1]));
            else
                modules.Add(new ModuleFact(token, null, ""));
        }
        return modules;
    }
}
