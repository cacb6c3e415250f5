namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>crash's commands as far as they are built: the set every shell opens with.</summary>
public static class CrashCommands
{
    /// <summary>The set with <c>dis</c> added, disassembling with <paramref name="decoder"/> (the engine has no decoder of its own: <see cref="IInstructionDecoder"/>).</summary>
    public static ShellCommandSet WithDisassembler(IInstructionDecoder decoder) => new(Default.All.Append(new DisShellCommand(decoder)));

    /// <summary>One entry per command file in this folder but <c>dis</c>, which needs a decoder (<see cref="WithDisassembler"/>).</summary>
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
        new StructShellCommand("struct"),
        new StructShellCommand("union"),
        new PrintShellCommand("p", hexDefault: false),
        new PrintShellCommand("px", hexDefault: true),
        new RdShellCommand(),
        new SymShellCommand(),
        new ListShellCommand(),
        new FilesShellCommand(),
    ]);
}
