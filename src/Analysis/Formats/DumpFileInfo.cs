namespace Crashdesk.Analysis.Formats;

/// <summary>What the container format itself says about a dump (before any kernel knowledge).</summary>
public sealed record DumpFileInfo
{
    /// <summary>"kdump-compressed", "diskdump", "ELF", with " (flattened)" when read through the -F index.</summary>
    public required string Format { get; init; }

    /// <summary>Page compression ("zlib", "lzo", "snappy", "zstd", "none"), null for ELF.</summary>
    public string? Compression { get; init; }

    /// <summary>makedumpfile dump level (kdump sub-header), when recorded.</summary>
    public int? DumpLevel { get; init; }

    /// <summary>Pages whose contents are in the file.</summary>
    public long? PagesPresent { get; init; }

    /// <summary>Pages that existed but were left out (dump level filtering, ELF p_filesz tails).</summary>
    public long? PagesExcluded { get; init; }

    /// <summary>The writer flagged the dump as incomplete (DUMP_DH_COMPRESSED_INCOMPLETE).</summary>
    public bool Incomplete { get; init; }

    /// <summary>The file ends before the data its headers describe.</summary>
    public bool Truncated { get; init; }

    /// <summary>CPU count the header declares (kdump nr_cpus), if any.</summary>
    public int? HeaderCpus { get; init; }

    /// <summary>The kdump header's copy of utsname, if any.</summary>
    public UtsName? UtsName { get; init; }

    /// <summary>The kdump header timestamp (null when zero: QEMU leaves it empty).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>kdump sub-header phys_base (unreliable in QEMU dumps; VMCOREINFO's wins).</summary>
    public long? HeaderPhysBase { get; init; }
}
