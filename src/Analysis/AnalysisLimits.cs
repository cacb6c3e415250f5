using System.Runtime.CompilerServices;

namespace Crashdesk.Analysis;

/// <summary>
/// Caps on every size, count and offset the engine reads from a (hostile) dump. One object so a
/// caller can tighten or relax them; <see cref="Default"/> fits every real dump we know of with a
/// wide margin while keeping a corrupt header from making us allocate gigabytes or loop forever.
/// Every cap is checked when it is set, as ClrMD's DataTargetLimits does (ValidatePositive): a zero
/// or negative cap would refuse every dump or, worse, turn a bound off.
/// </summary>
public sealed record AnalysisLimits
{
    private static T Positive<T>(T value, [CallerMemberName] string name = "") where T : struct, System.Numerics.INumber<T> =>
        T.Sign(value) > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive (is {value})");

    /// <summary>The defaults used when a caller passes none.</summary>
    public static AnalysisLimits Default { get; } = new();

    /// <summary>Decompressed pages kept in the LRU page cache (4 KiB each: 4096 = 16 MiB).</summary>
    public int PageCacheEntries { get; init => field = Positive(value); } = 4096;

    /// <summary>Largest kdump bitmap (one bit per page frame: 256 MiB covers 8 TiB of RAM per bitmap).</summary>
    public long MaxBitmapBytes { get; init => field = Positive(value); } = 256L << 20;

    /// <summary>Largest page size a dump may declare (kdump block size, VMCOREINFO PAGESIZE).</summary>
    public int MaxPageSize { get; init => field = Positive(value); } = 1 << 20;

    /// <summary>Most ELF program headers accepted (real vmcores have one per memory range, a few hundred).</summary>
    public int MaxProgramHeaders { get; init => field = Positive(value); } = 1 << 16;

    /// <summary>Largest ELF note area or kdump note blob read at open.</summary>
    public int MaxNotesBytes { get; init => field = Positive(value); } = 16 << 20;

    /// <summary>Largest VMCOREINFO text accepted.</summary>
    public int MaxVmcoreInfoBytes { get; init => field = Positive(value); } = 1 << 20;

    /// <summary>Most CPUs (NT_PRSTATUS notes, header nr_cpus) believed.</summary>
    public int MaxCpus { get; init => field = Positive(value); } = 8192;

    /// <summary>Most records indexed in a flattened (-F) stream.</summary>
    public int MaxFlattenedRecords { get; init => field = Positive(value); } = 1 << 24;

    /// <summary>Largest kernel log buffer read (text data ring, log_buf).</summary>
    public int MaxLogBufferBytes { get; init => field = Positive(value); } = 64 << 20;

    /// <summary>Most printk descriptors/records walked.</summary>
    public int MaxLogRecords { get; init => field = Positive(value); } = 1 << 22;

    // Debug kernels, DWARF, symbols and profiles.

    /// <summary>Most ELF section headers accepted in a debug kernel (vmlinux has ~80).</summary>
    public int MaxElfSections { get; init => field = Positive(value); } = 65_535;

    /// <summary>Largest decompressed size of one SHF_COMPRESSED section (Debian's .debug_info is 164 MB).</summary>
    public long MaxDecompressedSection { get; init => field = Positive(value); } = 2L * 1024 * 1024 * 1024 - 64;

    /// <summary>Most symbols taken from one symbol table (.symtab of Debian's vmlinux has ~120 000).</summary>
    public int MaxSymbols { get; init => field = Positive(value); } = 4_000_000;

    /// <summary>Deepest DWARF DIE nesting followed by the readers.</summary>
    public int MaxDwarfDepth { get; init => field = Positive(value); } = 256;

    /// <summary>Deepest chain of type references followed when printing or sizing a type.</summary>
    public int MaxTypeChain { get; init => field = Positive(value); } = 64;

    /// <summary>Most members of one struct/union or enumerators of one enum.</summary>
    public int MaxTypeMembers { get; init => field = Positive(value); } = 100_000;

    /// <summary>Largest kernel profile file accepted.</summary>
    public long MaxProfileBytes { get; init => field = Positive(value); } = 512L * 1024 * 1024;

    /// <summary>Default size limit of one debuginfod download.</summary>
    public long MaxDebuginfodBytes { get; init => field = Positive(value); } = 4L * 1024 * 1024 * 1024;

    // Kernel-memory symbol and type tables (kallsyms, BTF, modules).

    /// <summary>Longest kallsyms token or symbol name component (KSYM_NAME_LEN is 512 since 6.1).</summary>
    public int MaxKallsymsTokenLength { get; init => field = Positive(value); } = 1024;

    /// <summary>Largest `kallsyms_names` stream read (Debian's 6.1 kernel: about 1.4 MB).</summary>
    public long MaxKallsymsNamesBytes { get; init => field = Positive(value); } = 64L << 20;

    /// <summary>Largest BTF blob read (Debian's 6.1 vmlinux: about 5 MB).</summary>
    public long MaxBtfBytes { get; init => field = Positive(value); } = 256L << 20;

    /// <summary>Most BTF types accepted (Debian's 6.1 vmlinux: about 130 000).</summary>
    public int MaxBtfTypes { get; init => field = Positive(value); } = 4_000_000;

    /// <summary>Most symbols read from one module's `mod_kallsyms` table.</summary>
    public int MaxModuleSymbols { get; init => field = Positive(value); } = 1_000_000;

    /// <summary>Most ORC entries accepted in one table read from a dump (vmlinux has ~250k).</summary>
    public int MaxOrcEntries { get; init => field = Positive(value); } = 4_000_000;

    /// <summary>Most modules followed on the `modules` list.</summary>
    public int MaxModules { get; init => field = Positive(value); } = 65_536;

    /// <summary>Most frames unwound for one backtrace (the kernel's own traces stop far sooner).</summary>
    public int MaxFrames { get; init => field = Positive(value); } = 512;

    // Tasks, system and memory extractors.

    /// <summary>Most tasks (processes and threads) walked before the task list is declared corrupt.</summary>
    public int MaxTasks { get; init => field = Positive(value); } = 4_000_000;

    // Log triage.

    /// <summary>Characters of a text log read by triage (256 Mi characters).</summary>
    public long MaxTriageChars { get; init => field = Positive(value); } = 256L << 20;

    /// <summary>Lines of a text log examined by triage.</summary>
    public int MaxTriageLines { get; init => field = Positive(value); } = 5_000_000;

    /// <summary>
    /// Characters of one log line examined; a longer line is cut. The kernel formats at most 1024
    /// characters a record (kernel/printk/printk.c CONSOLE_LOG_MAX in 6.1), syslog adds a prefix.
    /// </summary>
    public int MaxTriageLineChars { get; init => field = Positive(value); } = 4096;

    /// <summary>Lines of one crash report examined.</summary>
    public int MaxTriageReportLines { get; init => field = Positive(value); } = 5_000;

    /// <summary>Crash reports kept from one log.</summary>
    public int MaxTriageReports { get; init => field = Positive(value); } = 200;

    /// <summary>Tasks read from one SysRq dump.</summary>
    public int MaxTriageTasks { get; init => field = Positive(value); } = 10_000;

    /// <summary>
    /// Bytes of an uploaded text log (console capture, vmcore-dmesg.txt, /var/log/messages) read by
    /// <see cref="LogAnalyzer"/>: the head of a longer file is analysed and the report says so.
    /// </summary>
    public int MaxLogFileBytes { get; init => field = Positive(value); } = 64 << 20;

}
