namespace Crashdesk.Core.Environments;

/// <summary>
/// The plain-text forms of the list sections that people paste and edit: modules as lsmod-like
/// lines (<c>name [version] [(taints)]</c>, lsmod's own header and size columns tolerated), sysctls as
/// <c>sysctl -a</c> prints them (<c>name = value</c>), applications as <c>name | version | notes</c>.
/// Parsing returns the items and, for lines it cannot read, their numbers and why.
/// </summary>
public static class EnvironmentListText
{
    public sealed record Parsed<T>(IReadOnlyList<T> Items, IReadOnlyList<string> Problems);

    public static string FormatModules(IEnumerable<ModuleFact> modules) =>
        string.Join('\n', modules.Select(m => string.Join(' ', new[] { m.Name, m.Version, string.IsNullOrEmpty(m.Taints) ? null : $"({m.Taints})" }.OfType<string>())));

    public static Parsed<ModuleFact> ParseModules(string text)
    {
        var items = new List<ModuleFact>();
        var problems = new List<string>();
        int number = 0;
        foreach (var raw in Lines(text))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("Module ", StringComparison.Ordinal))
                continue;
            var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string name = tokens[0];
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                problems.Add($"line {number}: \"{name}\" is not a module name");
                continue;
            }
            string? taints = tokens.Skip(1).FirstOrDefault(t => t.StartsWith('(') && t.EndsWith(')'))?.Trim('(', ')');
            // lsmod's "size used-by" columns are numbers: a version is the first token that is not.
            string? version = tokens.Skip(1).FirstOrDefault(t => !(t.StartsWith('(') && t.EndsWith(')')) && !t.All(char.IsAsciiDigit) && t != "-");
            if (line.Contains(',') && version is not null && version.Contains(','))
                version = null; // lsmod's used-by list ("virtio_pci,virtio_blk")
            items.Add(new ModuleFact(name, version, taints));
        }
        return new(items, problems);
    }

    public static string FormatSysctls(IEnumerable<SysctlFact> sysctls) => string.Join('\n', sysctls.Select(s => $"{s.Name} = {s.Value}"));

    public static Parsed<SysctlFact> ParseSysctls(string text)
    {
        var items = new List<SysctlFact>();
        var problems = new List<string>();
        int number = 0;
        foreach (var raw in Lines(text))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            int eq = line.IndexOf('=');
            if (eq <= 0)
            {
                problems.Add($"line {number}: no \"name = value\"");
                continue;
            }
            items.Add(new SysctlFact(line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }
        return new(items, problems);
    }

    public static string FormatApplications(IEnumerable<ApplicationFact> applications) =>
        string.Join('\n', applications.Select(a => $"{a.Name} | {a.Version} | {a.Notes}".TrimEnd(' ', '|')));

    public static Parsed<ApplicationFact> ParseApplications(string text)
    {
        var items = new List<ApplicationFact>();
        int number = 0;
        foreach (var raw in Lines(text))
        {
            number++;
            var parts = raw.Split('|', 3, StringSplitOptions.TrimEntries);
            if (parts[0].Length == 0)
                continue;
            items.Add(new ApplicationFact(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null));
        }
        return new(items, []);
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');
}
