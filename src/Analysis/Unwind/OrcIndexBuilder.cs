using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// Assembles the <see cref="OrcIndex"/> of a crashed kernel: vmlinux's table from the debug kernel
/// or profile (link-time addresses + KASLR slide), else from kernel memory through the linker
/// symbols `__start_orc_unwind_ip` / `__stop_orc_unwind_ip` / `__start_orc_unwind` (vmlinux.lds.h
/// ORC_UNWIND_TABLE); then each loaded module's table from its `struct module`
/// (<see cref="ModuleOrcReader"/>).
/// </summary>
public static class OrcIndexBuilder
{
    /// <summary>Builds the index; missing pieces are left out and named in <see cref="OrcIndex.Origin"/>.</summary>
    public static OrcIndex Build(KernelContext context, CancellationToken cancellationToken = default)
    {
        ulong textEnd = context.TryGetSymbolAddress("_etext", out ulong etext) ? etext : 0;
        OrcTable? kernel = null;
        string origin = "none";
        if (context.Orc is { } orc && orc.Count > 0)
        {
            ulong slide = context.Target.KernelOffset;
            kernel = OrcTable.Create(unchecked(orc.UnwindIpAddress + slide), orc.UnwindIp.Span, orc.Unwind.Span, textEnd, "vmlinux");
            origin = context.SymbolOrigin.Contains("profile", StringComparison.Ordinal) ? "kernel profile" : "debug kernel";
        }
        else if (TryReadFromMemory(context, textEnd, out var fromMemory))
        {
            kernel = fromMemory;
            origin = "kernel memory";
        }
        var modules = ModuleOrcReader.Read(context, cancellationToken);
        return new OrcIndex(kernel, modules, origin);
    }

    private static bool TryReadFromMemory(KernelContext context, ulong textEnd, out OrcTable? table)
    {
        table = null;
        if (!context.TryGetSymbolAddress("__start_orc_unwind_ip", out ulong ipStart)
            || !context.TryGetSymbolAddress("__stop_orc_unwind_ip", out ulong ipStop)
            || !context.TryGetSymbolAddress("__start_orc_unwind", out ulong unwindStart)
            || ipStop <= ipStart)
            return false;
        ulong ipLength = ipStop - ipStart;
        if (ipLength % 4 != 0 || ipLength / 4 > (ulong)context.Target.Limits.MaxOrcEntries)
            throw new DumpFormatException($"vmlinux ORC table in memory: __stop_orc_unwind_ip - __start_orc_unwind_ip = {ipLength} bytes (not a multiple of 4 or more than {context.Target.Limits.MaxOrcEntries} entries)");
        int count = (int)(ipLength / 4);
        // Searched in place rather than copied: the table is megabytes and a backtrace needs a
        // few hundred entries (over S3 every page read is a ranged GET).
        ulong lookup = 0, textStart = 0;
        int blocks = 0;
        if (context.TryGetSymbolAddress("orc_lookup", out ulong lookupStart)
            && context.TryGetSymbolAddress("orc_lookup_end", out ulong lookupEnd)
            && context.TryGetSymbolAddress("_stext", out textStart)
            && lookupEnd > lookupStart && (lookupEnd - lookupStart) / 4 <= int.MaxValue)
        {
            lookup = lookupStart;
            // unwind_init(): lookup_num_blocks = orc_lookup_end - orc_lookup.
            blocks = (int)((lookupEnd - lookupStart) / 4);
        }
        table = OrcTable.FromMemory(context.Target.KernelMemory, ipStart, unwindStart, count, textEnd, "vmlinux", lookup, blocks, textStart);
        return table is not null;
    }
}
