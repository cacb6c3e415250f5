namespace Crashdesk.Analysis.Shell;

/// <summary>The commands a shell knows, by name (crash's set is <c>Commands.CrashCommands.Default</c>).</summary>
public sealed class ShellCommandSet
{
    private readonly Dictionary<string, IShellCommand> _byName;

    /// <summary>A set of the given commands (names must differ).</summary>
    public ShellCommandSet(IEnumerable<IShellCommand> commands)
    {
        _byName = commands.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>Commands in name order.</summary>
    public IEnumerable<IShellCommand> All => _byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>The command called <paramref name="name"/>, or null.</summary>
    public IShellCommand? Find(string name) => _byName.GetValueOrDefault(name);
}
