namespace Crashdesk.Analysis.Extractors.Memory;

/// <summary>crash's `kmem -i` as data, in pages. Null members could not be computed from this dump.</summary>
public sealed record MemoryInfo
{
    /// <summary>Bytes per page.</summary>
    public int PageSize { get; init; } = 4096;
    /// <summary>TOTAL MEM: RAM pages the kernel manages (_totalram_pages).</summary>
    public long TotalRam { get; init; }
    /// <summary>FREE: free pages (vm_zone_stat NR_FREE_PAGES).</summary>
    public long Free { get; init; }
    /// <summary>USED: TOTAL MEM minus FREE.</summary>
    public long Used => TotalRam - Free;
    /// <summary>
    /// SHARED: non-reserved pages with a reference count above one, counted over the page array as crash
    /// does; null when not asked for (<see cref="SharedCounted"/> false) or not readable (a warning says why).
    /// </summary>
    public long? Shared { get; init; }
    /// <summary>True when SHARED was asked for (crash's `kmem -i=shared`: it walks every struct page).</summary>
    public bool SharedCounted { get; init; }
    /// <summary>BUFFERS: page-cache pages of block devices (nr_blockdev_pages()).</summary>
    public long? Buffers { get; init; }
    /// <summary>CACHED: NR_FILE_PAGES less the swap cache and the buffers.</summary>
    public long? Cached { get; init; }
    /// <summary>SLAB: pages of the slab allocator (where from: <see cref="SlabSource"/>).</summary>
    public long? Slab { get; init; }
    /// <summary>Where SLAB came from: the kernel's slab counters, or the PG_slab pages of the page array (kernels without them); null when unknown.</summary>
    public string? SlabSource { get; init; }

    /// <summary>Huge pages (null when the kernel has no hugetlbfs: crash prints no HUGE lines then).</summary>
    public long? HugeTotal { get; init; }
    /// <summary>Free huge pages (null without hugetlbfs).</summary>
    public long? HugeFree { get; init; }

    /// <summary>TOTAL SWAP: swap pages configured.</summary>
    public long? SwapTotal { get; init; }
    /// <summary>SWAP USED: swap pages in use.</summary>
    public long? SwapUsed { get; init; }

    /// <summary>Overcommit limit in pages (null when crash would not print it).</summary>
    public long? CommitLimit { get; init; }
    /// <summary>COMMITTED: pages committed (vm_committed_as.count).</summary>
    public long? Committed { get; init; }

    /// <summary>Values that could not be read, with why.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
