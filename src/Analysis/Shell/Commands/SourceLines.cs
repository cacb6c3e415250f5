using System.Globalization;
using System.Runtime.CompilerServices;
using Crashdesk.Analysis.Dwarf;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// `bt -l`'s source lines: the file and line of each frame's address from the debug kernel's DWARF
/// line tables, printed as crash 8.0.2 prints them under the frame (x86_64.c
/// x86_64_print_stack_entry(): "    %s\n" of get_line_number(text), gdb's "FILE: LINE" of the
/// line-table row holding the address itself — later crash looks a return address up one byte
/// back, crash-utility/crash 7b3f6e0 —), and nothing for a module frame (crash needs the module's
/// debug info loaded: MOD_LOAD_SYMS). The same lookup gives <c>dis -l</c>'s and <c>sym</c>'s lines.
/// </summary>
internal sealed class SourceLines(DwarfLineTable table, ulong kaslrOffset)
{
    // One table per debug kernel, built on the first `bt -l` and kept as long as the kernel is.
    private static readonly ConditionalWeakTable<DebugKernel, Lazy<DwarfLineTable?>> _tables = new();

    /// <summary>The line source of <paramref name="shell"/>'s debug kernel; throws crash-style (for <paramref name="command"/>'s -l) when it has no line tables.</summary>
    public static SourceLines For(CrashShell shell, string command = "bt")
    {
        if (shell.DebugInfo is not DebugKernel kernel)
            throw new ShellCommandException(command + ": -l: source lines need a debug kernel's DWARF line tables (.debug_line); this session has " + (shell.DebugInfo is null ? "kallsyms and BTF from the dump" : "a kernel profile") + ", which have none");
        return TryFor(kernel, shell) ?? throw new ShellCommandException(command + ": -l: the debug kernel has no .debug_line section");
    }

    /// <summary>The line source of <paramref name="shell"/>'s debug kernel, null without one (or without its line tables).</summary>
    public static SourceLines? TryFor(CrashShell shell) => shell.DebugInfo is DebugKernel kernel ? TryFor(kernel, shell) : null;

    private static SourceLines? TryFor(DebugKernel kernel, CrashShell shell)
    {
        var lazy = _tables.GetValue(kernel, k => new Lazy<DwarfLineTable?>(() => DwarfLineTable.Build(k.Dwarf, k.Image.GetContents(".debug_line")), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value is { } table ? new SourceLines(table, unchecked((ulong)shell.Context.Symbols.KaslrOffset)) : null;
    }

    /// <summary>gdb's "FILE: LINE" of the line-table row holding the run-time <paramref name="address"/> of vmlinux's text, or "" (crash's get_line_number()).</summary>
    public string At(ulong address) =>
        table.Find(address - kaslrOffset) is { } line ? string.Create(CultureInfo.InvariantCulture, $"{line.File}: {line.Line}") : "";

    /// <summary>The "    FILE: LINE" line crash prints under <paramref name="frame"/>, or "".</summary>
    public string FrameLine(BacktraceFrame frame)
    {
        if (frame.Module is not null || frame.Function is null)
            return "";
        return At(frame.ReturnAddress) is { Length: > 0 } line ? $"    {line}\n" : "";
    }
}
