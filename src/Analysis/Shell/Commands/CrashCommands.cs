namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>crash's commands as far as they are built: the set every shell opens with.</summary>
public static class CrashCommands
{
    /// <summary>One entry per command file in this folder.</summary>
    public static ShellCommandSet Default { get; } = new(
    [
        new BtShellCommand(),
        new ForeachShellCommand(),
        new HelpShellCommand(),
        new KmemShellCommand(),
        new LogShellCommand(),
        new ModShellCommand(),
        new PsShellCommand(),
        new RunqShellCommand(),
        new SysShellCommand(),
        new TaskShellCommand(),
    ]);
}
