namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>crash's commands as far as they are built: the set every shell opens with.</summary>
public static class CrashCommands
{
    /// <summary>One entry per command file in this folder.</summary>
    public static ShellCommandSet Default { get; } = new(
    [
        new HelpShellCommand(),
        new SysShellCommand(),
        new StructShellCommand("struct"),
        new StructShellCommand("union"),
        new PrintShellCommand("p", hexDefault: false),
        new PrintShellCommand("px", hexDefault: true),
        new RdShellCommand(),
        new SymShellCommand(),
        new ListShellCommand(),
    ]);
}
