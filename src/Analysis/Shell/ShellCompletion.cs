namespace Crashdesk.Analysis.Shell;

/// <summary>Tab completion: the first word completes to command names.</summary>
public static class ShellCompletion
{
    /// <summary>Candidates for the last word of <paramref name="line"/>.</summary>
    public static IReadOnlyList<string> Complete(CrashShell shell, string line, int max)
    {
        string trimmed = line.TrimStart();
        if (trimmed.Contains(' ', StringComparison.Ordinal))
            return [];
        return CommandNames(shell.Commands, trimmed, max);
    }

    /// <summary>The names of <paramref name="commands"/> that start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> CommandNames(ShellCommandSet commands, string prefix, int max) =>
        commands.All.Select(c => c.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Take(max).ToList();
}
