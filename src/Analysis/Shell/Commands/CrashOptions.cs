namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's option check (getopt(3) in each cmd_*(), then cmd_usage(pc->curcmd, SYNOPSIS)): an option
/// the command does not take is refused with getopt's message and the command's synopsis.
/// </summary>
internal static class CrashOptions
{
    /// <summary>Throws <see cref="ShellCommandException"/> for the first word that is an option not in <paramref name="allowed"/> ("-a", "-f").</summary>
    public static void Check(IShellCommand command, ShellInvocation invocation, params string[] allowed)
    {
        foreach (string word in invocation.Words)
        {
            if (word.Length < 2 || word[0] != '-' || allowed.Contains(word, StringComparer.Ordinal))
                continue;
            // getopt names the first character it does not know.
            throw new ShellCommandException($"{command.Name}: invalid option -- '{word[1]}'\nUsage: {command.Usage}\nEnter \"help {command.Name}\" for details.");
        }
    }
}
