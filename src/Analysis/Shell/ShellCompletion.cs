namespace Crashdesk.Analysis.Shell;

/// <summary>Tab completion: the first word completes to command names.</summary>
internal static class ShellCompletion
{
    public static IReadOnlyList<string> Complete(CrashShell shell, string line, int max)
    {
        string trimmed = line.TrimStart();
        if (trimmed.Contains(' ', StringComparison.Ordinal))
            return [];
        return shell.Commands.All.Select(c => c.Name).Where(n => n.StartsWith(trimmed, StringComparison.Ordinal)).Take(max).ToList();
    }
}
