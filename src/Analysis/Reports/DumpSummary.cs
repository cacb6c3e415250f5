namespace Crashdesk.Analysis.Reports;

/// <summary>What `crashdesk info` prints: the dump's format and the crashed kernel's identity.</summary>
public sealed record DumpSummary
{
    /// <summary>The container format: "kdump-compressed", "diskdump" or "ELF", with " (flattened)" when read from makedumpfile -F output.</summary>
    public required string Format { get; init; }
    /// <summary>Page compression of a kdump file ("zlib", "lzo", "snappy", "zstd", "none"); null for ELF.</summary>
    public string? Compression { get; init; }
    /// <summary>makedumpfile's dump level (-d): which page kinds were excluded; null when the format does not say.</summary>
    public int? DumpLevel { get; init; }
    /// <summary>Pages the file holds.</summary>
    public long? PagesPresent { get; init; }
    /// <summary>Pages the kernel had but the file leaves out (excluded by the dump level), when the format says.</summary>
    public long? PagesExcluded { get; init; }
    /// <summary>The file is marked incomplete (makedumpfile ran out of space or was interrupted).</summary>
    public bool Incomplete { get; init; }
    /// <summary>The file is shorter than its own headers say: pages past the cut read as not present.</summary>
    public bool Truncated { get; init; }
    /// <summary>The crashed kernel's release (utsname, else VMCOREINFO OSRELEASE), e.g. "6.1.0-56-cloud-amd64".</summary>
    public string? KernelRelease { get; init; }
    /// <summary>The crashed kernel's utsname version ("#1 SMP PREEMPT_DYNAMIC Debian ...").</summary>
    public string? KernelVersion { get; init; }
    /// <summary>The kernel's GNU build-id from VMCOREINFO BUILD-ID, which a matching vmlinux must carry.</summary>
    public string? BuildId { get; init; }
    /// <summary>When the kernel crashed (VMCOREINFO CRASHTIME, else the dump header's timestamp); null when neither is set.</summary>
    public DateTimeOffset? CrashTime { get; init; }
    /// <summary>CPUs of the crashed machine (the dump header's count, else the CPU notes).</summary>
    public int? Cpus { get; init; }
    /// <summary>The machine's host name (utsname nodename).</summary>
    public string? NodeName { get; init; }
    /// <summary>The machine type (utsname machine, "x86_64").</summary>
    public string? Machine { get; init; }
}
