using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Memory;

/// <summary>
/// crash's `kmem -i` (memory.c dump_kmeminfo()): TOTAL MEM from _totalram_pages; FREE as the sum of
/// every zone's vm_stat[NR_FREE_PAGES] (dump_free_pages_zones_v2); SLAB from the node counters
/// NR_SLAB_RECLAIMABLE_B + NR_SLAB_UNRECLAIMABLE_B, as crash 9.0 reads them (crash 8.0.2 knew only the
/// pre-5.9 names, fell back to counting PG_slab pages, and so counted a compound slab once, not per
/// page: /proc/meminfo's Slab is the counters' sum); SHARED only when asked for (crash 9.0's
/// `kmem -i=shared`), because it walks every struct page (<see cref="PageArrayCensus"/>: 5 GB of
/// them on a 320 GB machine, and most of what a full analysis would read); a kernel without the
/// slab counters gets SLAB from that walk too. CACHED = NR_FILE_PAGES − NR_SWAPCACHE − buffers;
/// hugetlb from hstates[]; swap from swap_info[]; COMMIT LIMIT/COMMITTED from the overcommit sysctls
/// and vm_committed_as (mm/util.c vm_commit_limit()).
/// </summary>
public static class MemoryInfoExtractor
{
    /// <summary>Computes the summary without SHARED (crash 9.0's `kmem -i`); needs the kernel's types.</summary>
    public static MemoryInfo Extract(KernelContext context, CancellationToken cancellationToken = default) =>
        Extract(context, countSharedPages: false, cancellationToken);

    /// <summary>
    /// Computes the summary; with <paramref name="countSharedPages"/> also SHARED (crash's
    /// `kmem -i=shared`), which walks every struct page.
    /// </summary>
    public static MemoryInfo Extract(KernelContext context, bool countSharedPages, CancellationToken cancellationToken = default)
    {
        var memory = context.Target.KernelMemory;
        var types = context.Types;
        var warnings = new List<string>();
        int pageSize = context.Target.VmcoreInfo.PageSize is { } ps and > 0 ? (int)ps : 4096;
        T? Try<T>(string what, Func<T?> read)
        {
            try
            {
                return read();
            }
            catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException or OverflowException)
            {
                warnings.Add($"{what}: {e.Message}");
                return default;
            }
        }
        ulong Symbol(string name) => context.TryGetSymbolAddress(name, out ulong a) ? a : throw new NotSupportedException($"no symbol {name}");

        long totalRam = context.TryGetSymbolAddress("_totalram_pages", out ulong tr) || context.TryGetSymbolAddress("totalram_pages", out tr)
            ? (long)memory.ReadU64(tr, "_totalram_pages")
            : throw new NotSupportedException("no _totalram_pages symbol");
        if (totalRam <= 0 || totalRam > 1L << 40)
            throw new DumpFormatException($"_totalram_pages at 0x{tr:x} is {totalRam}: implausible");

        long free = FreePages(context);
        long? slabCounters = SlabCounters(context);
        var census = countSharedPages || slabCounters is null
            ? Try<(long Slab, long Shared)?>("page array", () => PageArrayCensus.Count(context, cancellationToken))
            : null;
        long? buffers = Try<long?>("block device pages", () => BlockDevicePages(context, cancellationToken));
        long? cached = Try<long?>("NR_FILE_PAGES", () =>
        {
            long file = NodeStat(context, "NR_FILE_PAGES");
            long swapCache = NodeStat(context, "NR_SWAPCACHE");
            // Without the buffers, file − swap cache would overstate CACHED by them: unknown, not a guess.
            if (buffers is not { } known)
                throw new NotSupportedException("CACHED is NR_FILE_PAGES less the swap cache and the buffers, and the buffers could not be counted");
            return Math.Max(0, file - swapCache - known);
        });
        var huge = Try<(long Total, long Free)?>("hstates", () => HugePages(context));
        var swap = Try<(long Total, long Used)?>("swap_info", () => Swap(context));
        long? limit = null, committed = null;
        if (context.TryGetSymbolAddress("sysctl_overcommit_memory", out _))
        {
            Try<object>("overcommit", () =>
            {
                ulong kbytes = context.TryGetSymbolAddress("sysctl_overcommit_kbytes", out ulong kb) ? memory.ReadU64(kb, "sysctl_overcommit_kbytes") : 0;
                long allowed;
                if (kbytes != 0)
                    allowed = (long)(kbytes >> (global::System.Numerics.BitOperations.Log2((uint)pageSize) - 10));
                else if (huge is null)
                    return null; // crash: no hugetlb numbers, no commit lines
                else
                    allowed = (totalRam - huge.Value.Total) * (int)memory.ReadU32(Symbol("sysctl_overcommit_ratio"), "sysctl_overcommit_ratio") / 100;
                long count = (long)memory.ReadU64(Symbol("vm_committed_as") + (ulong)(types.OffsetOf("percpu_counter", "count") ?? 8), "vm_committed_as.count");
                limit = allowed + (swap?.Total ?? 0);
                committed = Math.Max(0, count);
                return null;
            });
        }
        return new MemoryInfo
        {
            PageSize = pageSize,
            TotalRam = totalRam,
            Free = free,
            Shared = countSharedPages ? census?.Shared : null,
            SharedCounted = countSharedPages,
            Buffers = buffers,
            Cached = cached,
            Slab = slabCounters ?? census?.Slab,
            SlabSource = slabCounters is not null ? SlabSourceCounters : census is not null ? SlabSourcePageArray : null,
            HugeTotal = huge?.Total,
            HugeFree = huge?.Free,
            SwapTotal = swap?.Total,
            SwapUsed = swap?.Used,
            CommitLimit = limit,
            Committed = committed,
            Warnings = warnings,
        };
    }

    /// <summary><see cref="MemoryInfo.SlabSource"/> when SLAB is the sum of the slab counters.</summary>
    public const string SlabSourceCounters = "NR_SLAB_RECLAIMABLE_B + NR_SLAB_UNRECLAIMABLE_B";

    /// <summary><see cref="MemoryInfo.SlabSource"/> when SLAB counts the PG_slab pages of the page array.</summary>
    public const string SlabSourcePageArray = "PG_slab pages of the page array";

    /// <summary>
    /// vm_node_stat[NR_SLAB_RECLAIMABLE_B] + [NR_SLAB_UNRECLAIMABLE_B] (5.9+, mm/vmstat.c: kept in
    /// pages although named in bytes), or null when the kernel has no such items (older kernels, or
    /// types or counters the dump cannot give), so the caller walks the page array instead.
    /// </summary>
    private static long? SlabCounters(KernelContext context)
    {
        try
        {
            long sum = checked(NodeStat(context, "NR_SLAB_RECLAIMABLE_B") + NodeStat(context, "NR_SLAB_UNRECLAIMABLE_B"));
            return sum is >= 0 and <= 1L << 40 ? sum : null;
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException or OverflowException)
        {
            return null;
        }
    }

    private static long Enumerator(KernelContext context, string enumName, string name)
    {
        if (!context.Types.TryFind("enum " + enumName, out var e))
            throw new NotSupportedException($"the kernel's types have no enum {enumName}");
        foreach (var v in e.Resolved.Enumerators)
            if (v.Name == name)
                return v.Value;
        throw new NotSupportedException($"enum {enumName} has no {name}");
    }

    private static long NodeStat(KernelContext context, string item)
    {
        long index = Enumerator(context, "node_stat_item", item);
        ulong at = context.TryGetSymbolAddress("vm_node_stat", out ulong a) ? a : throw new NotSupportedException("no vm_node_stat symbol");
        return (long)context.Target.KernelMemory.ReadU64(at + (ulong)index * 8, "vm_node_stat[" + item + "]");
    }

    private static long FreePages(KernelContext context)
    {
        var t = context.Types;
        long zonesOffset = t.RequireOffset("pglist_data", "node_zones");
        long zoneSize = t.RequireSize("zone");
        long vmStat = t.RequireOffset("zone", "vm_stat");
        long nrFree = Enumerator(context, "zone_stat_item", "NR_FREE_PAGES");
        int zones = t.MemberType("pglist_data", "node_zones")?.Resolved.Dimensions is [long n, ..] ? (int)Math.Clamp(n, 1, 16) : 4;
        long sum = 0;
        foreach (ulong pgdat in MemoryNodes.Nodes(context) ?? throw new NotSupportedException("no node_data or contig_page_data"))
        {
            for (int z = 0; z < zones; z++)
            {
                ulong zone = pgdat + (ulong)(zonesOffset + z * zoneSize);
                long v = (long)context.Target.KernelMemory.ReadU64(zone + (ulong)(vmStat + nrFree * 8), "zone.vm_stat[NR_FREE_PAGES]");
                sum = checked(sum + v);
            }
        }
        return sum;
    }

    private static (long Total, long Free)? HugePages(KernelContext context)
    {
        // crash get_hugetlb_total_pages(): without hstates (no CONFIG_HUGETLBFS) the totals are 0, still printed.
        if (!context.TryGetSymbolAddress("hstates", out ulong hstates))
            return (0, 0);
        var t = context.Types;
        var memory = context.Target.KernelMemory;
        uint max = context.TryGetSymbolAddress("hugetlb_max_hstate", out ulong m) ? memory.ReadU32(m, "hugetlb_max_hstate") : 0;
        if (max > 64)
            throw new DumpFormatException($"hugetlb_max_hstate is {max}: implausible");
        long size = t.RequireSize("hstate");
        long order = t.RequireOffset("hstate", "order"), nr = t.RequireOffset("hstate", "nr_huge_pages"), freeOff = t.RequireOffset("hstate", "free_huge_pages");
        long total = 0, free = 0;
        for (int i = 0; i < max; i++)
        {
            ulong h = hstates + (ulong)(i * size);
            int o = (int)Math.Min(memory.ReadU32(h + (ulong)order, "hstate.order"), 30);
            total += (long)memory.ReadU64(h + (ulong)nr, "hstate.nr_huge_pages") << o;
            free += (long)memory.ReadU64(h + (ulong)freeOff, "hstate.free_huge_pages") << o;
        }
        return (total, free);
    }

    private static (long Total, long Used)? Swap(KernelContext context)
    {
        if (!context.TryGetSymbolAddress("swap_info", out ulong swapInfo))
            return null;
        var t = context.Types;
        var memory = context.Target.KernelMemory;
        uint n = context.TryGetSymbolAddress("nr_swapfiles", out ulong nrAt) ? memory.ReadU32(nrAt, "nr_swapfiles") : 0;
        if (n > 1 << 10)
            throw new DumpFormatException($"nr_swapfiles is {n}: implausible");
        long total = 0, used = 0;
        for (int i = 0; i < n; i++)
        {
            ulong si = memory.ReadU64(swapInfo + (ulong)i * 8, $"swap_info[{i}]");
            if (si == 0)
                continue;
            // include/linux/swap.h: SWP_USED = 1 << 0.
            if ((memory.ReadU64(si + (ulong)t.RequireOffset("swap_info_struct", "flags"), "swap_info_struct.flags") & 1) == 0)
                continue;
            total += memory.ReadU32(si + (ulong)t.RequireOffset("swap_info_struct", "pages"), "swap_info_struct.pages");
            used += memory.ReadU32(si + (ulong)t.RequireOffset("swap_info_struct", "inuse_pages"), "swap_info_struct.inuse_pages");
        }
        return (total, used);
    }

    /// <summary>crash's nr_blockdev_pages_v2(): i_mapping->nrpages over blockdev_superblock->s_inodes.</summary>
    private static long BlockDevicePages(KernelContext context, CancellationToken cancellationToken)
    {
        var t = context.Types;
        var memory = context.Target.KernelMemory;
        if (!context.TryGetSymbolAddress("blockdev_superblock", out ulong bsAt))
            return 0;
        ulong sb = memory.ReadU64(bsAt, "blockdev_superblock");
        if (sb == 0)
            return 0;
        ulong head = sb + (ulong)t.RequireOffset("super_block", "s_inodes");
        long sbList = t.RequireOffset("inode", "i_sb_list");
        long mapping = t.RequireOffset("inode", "i_mapping");
        long nrpages = t.RequireOffset("address_space", "nrpages");
        long sum = 0;
        var seen = new HashSet<ulong>();
        ulong node = memory.ReadU64(head, "super_block.s_inodes");
        while (node != head)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(node) || seen.Count > context.Target.Limits.MaxTasks)
                throw new DumpFormatException($"blockdev_superblock->s_inodes: cycle or runaway list at 0x{node:x}");
            ulong inode = node - (ulong)sbList;
            ulong map = memory.ReadU64(inode + (ulong)mapping, "inode.i_mapping");
            if (map != 0)
                sum += (long)memory.ReadU64(map + (ulong)nrpages, "address_space.nrpages");
            node = memory.ReadU64(node, "inode.i_sb_list.next");
        }
        return sum;
    }
}
