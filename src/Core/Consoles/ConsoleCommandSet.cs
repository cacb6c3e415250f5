using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Disassembly;

namespace Crashdesk.Core.Consoles;

/// <summary>The commands the console offers: crash's, with <c>dis</c> decoding through Iced (the engine has no decoder of its own).</summary>
public static class ConsoleCommandSet
{
    /// <summary>The one set both hosts register: the web host completes its names, the worker runs them.</summary>
    public static ShellCommandSet Crash { get; } = CrashCommands.WithDisassembler(new IcedInstructionDecoder());
}
