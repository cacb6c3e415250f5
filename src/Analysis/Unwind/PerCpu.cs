using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// Per-CPU variables on x86_64 SMP: a `DEFINE_PER_CPU` symbol is an offset into the per-CPU
/// section (linked at 0, so KASLR does not move it: include/asm-generic/vmlinux.lds.h PERCPU_VADDR),
/// and CPU n's copy lives at that offset + `__per_cpu_offset[n]` (mm/percpu.c).
/// </summary>
public static class PerCpu
{
    /// <summary>Address of <paramref name="symbol"/>'s copy for <paramref name="cpu"/>.</summary>
    public static bool TryGetAddress(KernelContext context, string symbol, int cpu, out ulong address)
    {
        address = 0;
        if (!TryGetOffset(context, symbol, out ulong offset)
            || !context.TryGetSymbolAddress("__per_cpu_offset", out ulong table)
            || !context.Target.KernelMemory.TryReadU64(table + (ulong)cpu * 8, out ulong cpuBase))
            return false;
        address = unchecked(cpuBase + offset);
        return true;
    }

    /// <summary>The per-CPU offset of <paramref name="symbol"/> (its link-time value, no KASLR slide).</summary>
    public static bool TryGetOffset(KernelContext context, string symbol, out ulong offset)
    {
        offset = 0;
        if (context.Symbols.TryGetSymbol(symbol, out var s))
        {
            // A per-CPU symbol is small (inside the per-CPU section); anything in the kernel's
            // address range is an ordinary (UP or relocated) symbol.
            offset = s.Address < 0xffff800000000000UL ? s.Address : context.Symbols.ToRuntime(s.Address);
            return true;
        }
        if (context.Target.VmcoreInfo.Symbol(symbol) is { } v)
        {
            offset = v;
            return true;
        }
        return false;
    }
}
