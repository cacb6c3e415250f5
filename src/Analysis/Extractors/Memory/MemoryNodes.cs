using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Memory;

/// <summary>
/// RAM per NUMA node: sum of pglist_data.node_present_pages over node_data[] (NUMA,
/// arch/x86/mm/numa.c) or contig_page_data (!NUMA, mm/memblock.c). crash's total_node_memory()
/// (memory.c) uses the same numbers for `sys` MEMORY and as the %MEM divisor of `ps`.
/// </summary>
public static class MemoryNodes
{
    /// <summary>Sum of node_present_pages; null when the symbols or types are missing.</summary>
    public static long? PresentPages(KernelContext context)
    {
        long? presentOffset = context.Types.OffsetOf("pglist_data", "node_present_pages");
        long? spannedOffset = context.Types.OffsetOf("pglist_data", "node_spanned_pages");
        if (presentOffset is null)
            return null;
        var memory = context.Target.KernelMemory;
        var nodes = Nodes(context);
        if (nodes is null)
            return null;
        long total = 0;
        foreach (ulong pgdat in nodes)
        {
            ulong present = memory.ReadU64(pgdat + (ulong)presentOffset.Value, "pglist_data.node_present_pages");
            if (present == 0 && spannedOffset is not null)
                present = memory.ReadU64(pgdat + (ulong)spannedOffset.Value, "pglist_data.node_spanned_pages");
            if (present > 1UL << 40)
                throw new DumpFormatException($"pglist_data at 0x{pgdat:x}: node_present_pages {present} is implausible");
            total = checked(total + (long)present);
        }
        return total;
    }

    /// <summary>The pglist_data addresses of every node; null when neither node_data nor contig_page_data exists.</summary>
    public static IReadOnlyList<ulong>? Nodes(KernelContext context)
    {
        var memory = context.Target.KernelMemory;
        var nodes = new List<ulong>();
        if (context.TryGetSymbolAddress("node_data", out ulong nodeData))
        {
            int count = 1;
            if (context.TryGetSymbolAddress("nr_node_ids", out ulong nrAt) && memory.TryReadU32(nrAt, out uint nr))
                count = (int)Math.Clamp(nr, 1u, 1024u);
            for (int i = 0; i < count; i++)
            {
                ulong pgdat = memory.ReadU64(nodeData + (ulong)i * 8, $"node_data[{i}]");
                if (pgdat != 0)
                    nodes.Add(pgdat);
            }
            return nodes;
        }
        if (context.TryGetSymbolAddress("contig_page_data", out ulong contig))
            return [contig];
        return null;
    }
}
