namespace Crashdesk.Analysis.Extractors.Sys;

/// <summary>What crash's `sys` prints, as data. Null members could not be read from this dump.</summary>
public sealed record SystemInfo
{
    /// <summary>tainted_mask != 0: crash appends "[TAINTED]" to KERNEL. Null when tainted_mask could not be read (the reason is in the warnings), never false for "unknown".</summary>
    public bool? Tainted { get; init; }

    /// <summary>The raw tainted_mask; null when it could not be read.</summary>
    public ulong? TaintMask { get; init; }

    /// <summary>A kdump-compressed file with dump_level &gt; 0: crash appends "[PARTIAL DUMP]" to DUMPFILE.</summary>
    public bool PartialDump { get; init; }

    /// <summary>The file is marked incomplete: "[INCOMPLETE]".</summary>
    public bool IncompleteDump { get; init; }

    /// <summary>CPUs present (cpu_present_mask), else the dump's CPU count; null when neither could be read.</summary>
    public int? Cpus { get; init; }

    /// <summary>CPUs not online at the crash (crash's "[OFFLINE: n]"); null when the CPU masks could not be read.</summary>
    public int? OfflineCpus { get; init; }

    /// <summary>shadow_timekeeper.xtime_sec (crash's DATE source on 6.1), else VMCOREINFO CRASHTIME.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>Uptime in seconds from jiffies_64 (INITIAL_JIFFIES removed) and HZ.</summary>
    public long? UptimeSeconds { get; init; }

    /// <summary>The kernel's HZ (derived from tick_nsec).</summary>
    public int? Hz { get; init; }

    /// <summary>avenrun[0..2] as crash prints them ("0.24, 0.05, 0.02").</summary>
    public string? LoadAverage { get; init; }

    /// <summary>Tasks including one idle task per CPU.</summary>
    public int? Tasks { get; init; }

    /// <summary>NODENAME: the host name (utsname).</summary>
    public string? NodeName { get; init; }
    /// <summary>RELEASE: the kernel release (utsname).</summary>
    public string? Release { get; init; }
    /// <summary>VERSION: the kernel build version (utsname).</summary>
    public string? Version { get; init; }
    /// <summary>MACHINE: the architecture (utsname), with the CPU speed crash appends.</summary>
    public string? Machine { get; init; }

    /// <summary>cpu_khz / 1000.</summary>
    public long? Mhz { get; init; }

    /// <summary>Present RAM in pages (sum of node_present_pages).</summary>
    public long? MemoryPages { get; init; }

    /// <summary>crash's MEMORY text ("511.5 MB").</summary>
    public string? Memory { get; init; }

    /// <summary>The panic message (first "Kernel panic - not syncing", else "Oops: ..." line).</summary>
    public string? Panic { get; init; }

    /// <summary>The task running on the crashing CPU.</summary>
    public PanicTaskInfo? PanicTask { get; init; }

    /// <summary>Fields that could not be read, with why.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
