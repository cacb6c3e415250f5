using Crashdesk.Cli.Commands;

namespace Crashdesk.Cli;

/// <summary>
/// Every <see cref="ICliCommand"/>, listed explicitly. A reflection scan of the assembly cost the
/// whole process several milliseconds of type loading and JIT on every start, and `crashdesk log`
/// is meant to start as fast as makedumpfile's whole process; a test (CommandCatalogTests) checks that this list names every command class.
/// </summary>
internal static class CommandCatalog
{
    /// <summary>Sorted by name, as `crashdesk --help` prints them.</summary>
    public static ICliCommand[] All { get; } =
    [
        new AnalyzeCommand(),
        new BtCommand(),
        new EngineCommand(),
        new InfoCommand(),
        new KmemICommand(),
        new LocksCommand(),
        new LogCommand(),
        new ModCommand(),
        new ProfileBuildCommand(),
        new ProfileInfoCommand(),
        new PsCommand(),
        new ShellCommand(),
        new StructCommand(),
        new SymCommand(),
        new SysCommand(),
        new TriageCommand(),
        new UploadCommand(),
    ];

    /// <summary>Matches the longest command name ("profile build" before "profile").</summary>
    public static (ICliCommand? Command, int WordsUsed) Find(IReadOnlyList<string> args)
    {
        ICliCommand? best = null;
        int bestWords = 0;
        foreach (var command in All)
        {
            int words = MatchedWords(command.Name, args);
            if (words > bestWords)
                (best, bestWords) = (command, words);
        }
        return (best, bestWords);
    }

    /// <summary>How many arguments the name's words consume, or 0 when they do not all match.</summary>
    private static int MatchedWords(string name, IReadOnlyList<string> args)
    {
        int words = 0, start = 0;
        while (start <= name.Length)
        {
            int end = name.IndexOf(' ', start);
            if (end < 0)
                end = name.Length;
            if (words >= args.Count || !name.AsSpan(start, end - start).SequenceEqual(args[words]))
                return 0;
            words++;
            start = end + 1;
        }
        return words;
    }
}
