using System.Reflection;

namespace Crashdesk.Cli;

/// <summary>Finds every <see cref="ICliCommand"/> in this assembly (one file per command).</summary>
internal static class CommandCatalog
{
    public static IReadOnlyList<ICliCommand> All { get; } = typeof(CommandCatalog).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(ICliCommand).IsAssignableFrom(t))
        .Select(t => (ICliCommand)Activator.CreateInstance(t, nonPublic: true)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Matches the longest command name ("profile build" before "profile").</summary>
    public static (ICliCommand? Command, int WordsUsed) Find(IReadOnlyList<string> args)
    {
        foreach (var command in All.OrderByDescending(c => c.Name.Length))
        {
            string[] words = command.Name.Split(' ');
            if (words.Length <= args.Count && words.Select((w, i) => w == args[i]).All(x => x))
                return (command, words.Length);
        }
        return (null, 0);
    }
}
