using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Tasks;

/// <summary>
/// Per-CPU variables on x86_64 SMP: a per-CPU symbol's link-time value is an offset into the
/// per-CPU area (the section is linked at 0, include/asm-generic/vmlinux.lds.h PERCPU_VADDR) and is
/// not moved by KASLR; CPU n's copy lives at that offset + __per_cpu_offset[n]
/// (include/asm-generic/percpu.h per_cpu_offset()). Also the cpumasks (kernel/cpu.c
/// __cpu_possible_mask, __cpu_present_mask, __cpu_online_mask).
/// </summary>
public sealed class PerCpuAreas
{
    private const ulong PerCpuOffsetLimit = 1UL << 32;
    private readonly KernelContext _context;
    private readonly ulong[] _offsets;

    private PerCpuAreas(KernelContext context, int cpuIds, ulong[] offsets, ulong[]? possible, ulong[]? present, ulong[]? online)
    {
        _context = context;
        CpuIds = cpuIds;
        _offsets = offsets;
        Possible = possible;
        Present = present;
        Online = online;
    }

    /// <summary>nr_cpu_ids: CPU numbers are below it.</summary>
    public int CpuIds { get; }

    /// <summary>__cpu_possible_mask words, null when unreadable.</summary>
    public ulong[]? Possible { get; }

    /// <summary>__cpu_present_mask words, null when unreadable.</summary>
    public ulong[]? Present { get; }

    /// <summary>__cpu_online_mask words, null when unreadable.</summary>
    public ulong[]? Online { get; }

    /// <summary>Reads nr_cpu_ids, __per_cpu_offset[] and the masks.</summary>
    public static PerCpuAreas Read(KernelContext context)
    {
        var memory = context.Target.KernelMemory;
        int limit = context.Target.Limits.MaxCpus;
        int cpuIds = context.Target.CpuCount ?? 1;
        if (context.TryGetSymbolAddress("nr_cpu_ids", out ulong nrAt) && memory.TryReadU32(nrAt, out uint nr))
        {
            if (nr == 0 || nr > (uint)limit)
                throw new DumpFormatException($"nr_cpu_ids at 0x{nrAt:x} is {nr}: outside 1..{limit}");
            cpuIds = (int)nr;
        }
        var offsets = new ulong[cpuIds];
        if (context.TryGetSymbolAddress("__per_cpu_offset", out ulong offAt))
        {
            byte[] raw = new byte[checked(cpuIds * 8)];
            memory.ReadExactly(offAt, raw, "__per_cpu_offset[]");
            for (int i = 0; i < cpuIds; i++)
                offsets[i] = BitConverter.ToUInt64(raw, i * 8);
        }
        int words = (cpuIds + 63) / 64;
        return new PerCpuAreas(context, cpuIds, offsets,
            ReadMask(context, "__cpu_possible_mask", words),
            ReadMask(context, "__cpu_present_mask", words),
            ReadMask(context, "__cpu_online_mask", words));
    }

    /// <summary>True when <paramref name="cpu"/> is in <paramref name="mask"/> (a missing mask means every CPU).</summary>
    public static bool Contains(ulong[]? mask, int cpu) =>
        mask is null || (cpu >= 0 && cpu / 64 < mask.Length && (mask[cpu / 64] >> (cpu % 64) & 1) != 0);

    /// <summary>Number of bits set in a mask below <see cref="CpuIds"/>; null when the mask is unknown.</summary>
    public int? Count(ulong[]? mask)
    {
        if (mask is null)
            return null;
        int n = 0;
        for (int cpu = 0; cpu < CpuIds; cpu++)
            n += Contains(mask, cpu) ? 1 : 0;
        return n;
    }

    /// <summary>Address of CPU <paramref name="cpu"/>'s copy of the per-CPU variable <paramref name="symbol"/>.</summary>
    public bool TryGetAddress(string symbol, int cpu, out ulong address)
    {
        address = 0;
        if (cpu < 0 || cpu >= CpuIds)
            return false;
        if (_context.Symbols.TryGetSymbol(symbol, out var s) && s.Address < PerCpuOffsetLimit)
        {
            address = unchecked(s.Address + _offsets[cpu]);
            return true;
        }
        // A source that hands out run-time values (kallsyms): per-CPU values stay small there too.
        if (_context.TryGetSymbolAddress(symbol, out ulong value) && value < PerCpuOffsetLimit)
        {
            address = unchecked(value + _offsets[cpu]);
            return true;
        }
        return false;
    }

    private static ulong[]? ReadMask(KernelContext context, string symbol, int words)
    {
        if (!context.TryGetSymbolAddress(symbol, out ulong at))
            return null;
        byte[] raw = new byte[words * 8];
        if (!context.Target.KernelMemory.TryReadExactly(at, raw))
            return null;
        var mask = new ulong[words];
        for (int i = 0; i < words; i++)
            mask[i] = BitConverter.ToUInt64(raw, i * 8);
        return mask;
    }
}
