namespace Crashdesk.Analysis.Extractors.Memory;

/// <summary>crash's `kmem -i` as data, in pages. Null members could not be computed from this dump.</summary>
public sealed record MemoryInfo
{
    public int PageSize { get; init; } = 4096;
    public long TotalRam { get; init; }
    public long Free { get; init; }
    public long Used => TotalRam - Free;
    public long? Shared { get; init; }
    public long? Buffers { get; init; }
    public long? Cached { get; init; }
    public long? Slab { get; init; }

    /// <summary>Huge pages (null when the kernel has no hugetlbfs: crash prints no HUGE lines then).</summary>
    public long? HugeTotal { get; init; }
    public long? HugeFree { get; init; }

    public long? SwapTotal { get; init; }
    public long? SwapUsed { get; init; }

    /// <summary>Overcommit limit in pages (null when crash would not print it).</summary>
    public long? CommitLimit { get; init; }
    public long? Committed { get; init; }

    /// <summary>Values that could not be read, with why.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
