using Crashdesk.Analysis.Context.Modules;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Locks;
using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Triage;

namespace Crashdesk.Analysis.Reports;

/// <summary>
/// The versioned, JSON-serialisable result of analysing one dump (or one log). Stored as JSONB by
/// the service; renderers (crash-style text, HTML) read it. Add fields, never repurpose them:
/// bump <see cref="CurrentSchemaVersion"/> when a field's meaning changes.
/// </summary>
public sealed record AnalysisReport
{
    /// <summary>
    /// The schema version this engine writes. 2: facts the engine could not read are null (with the
    /// reason in the part's warnings) instead of a default — <c>system.tainted</c>, <c>system.taintMask</c>,
    /// <c>system.cpus</c> and <c>system.offlineCpus</c> are nullable (1 wrote false/0 for "unread").
    /// 3: the same rule for the other parts, and a partial kernel log: <c>kernelLog</c> holds every record a
    /// cut dump still has, with a <c>kernel-log</c> failure per missing run of records and per
    /// inconsistency (2 wrote no log at all); <c>tasks[].totalVmPages</c> and <c>tasks[].rssPages</c>
    /// are nullable (an unreadable mm_struct was 0); <c>totalPages</c> is null when the memory nodes
    /// cannot be read (was 0) and <c>tasks</c> a partial list when a task list breaks, with the
    /// tasks' warnings as <c>tasks</c> failures (2 dropped them); <c>system.tasks</c> is null when the
    /// task list is partial (was the partial count); <c>modules</c> is null with a <c>modules</c>
    /// failure when the module list cannot be read (2 wrote an empty list, "no modules").
    /// </summary>
    public const int CurrentSchemaVersion = 3;

    /// <summary>The schema version the report was written with.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Facts about the dump file and the crashed kernel (format, release, CPUs...).</summary>
    public DumpSummary? Dump { get; init; }

    /// <summary>
    /// Set when the report was made from a text log (console capture, vmcore-dmesg.txt...) rather
    /// than a dump: what was read. <see cref="Dump"/> is then null and the parts only a dump can
    /// give are listed in <see cref="Skipped"/> as "not available from a console log".
    /// </summary>
    public LogSummary? Log { get; init; }

    /// <summary>
    /// Set when the report was made from a dump excerpt (Excerpts/DumpExcerpt: the ranges the log-only pass
    /// reads, sent ahead of the dump): only the kernel log and its triage were read; the whole dump's
    /// analysis follows once it is in.
    /// </summary>
    public ExcerptSummary? Excerpt { get; init; }

    /// <summary>The panic line, e.g. "Kernel panic - not syncing: sysrq triggered crash".</summary>
    public string? PanicLine { get; init; }

    /// <summary>
    /// The kernel log rendered as crash's `log` command prints it (lines joined by '\n'): every record
    /// the dump holds; records it does not hold are named in <see cref="Failures"/> ("kernel-log").
    /// </summary>
    public string? KernelLog { get; init; }

    /// <summary>Where symbols came from ("debug kernel symbols", "kernel profile symbols", "none").</summary>
    public string? SymbolOrigin { get; init; }

    /// <summary>Where types came from ("debug kernel types", "kernel profile types", "BTF", "none").</summary>
    public string? TypeOrigin { get; init; }

    /// <summary>crash's `sys` as data.</summary>
    public SystemInfo? System { get; init; }

    /// <summary>crash's `ps`: idle tasks, processes and threads (null when the task walk failed).</summary>
    public IReadOnlyList<KernelTask>? Tasks { get; init; }

    /// <summary>Present RAM pages, the divisor of the tasks' %MEM; null when the memory nodes could not be read.</summary>
    public long? TotalPages { get; init; }

    /// <summary>crash's `kmem -i` as data.</summary>
    public MemoryInfo? Memory { get; init; }

    /// <summary>crash's `bt -a`: the active task of every CPU.</summary>
    public IReadOnlyList<TaskBacktrace>? ActiveBacktraces { get; init; }

    /// <summary>crash's `foreach bt` for every other task (D-state tasks first).</summary>
    public IReadOnlyList<TaskBacktrace>? TaskBacktraces { get; init; }

    /// <summary>The log triage (class, title, guilty frame, signature) run over <see cref="KernelLog"/>.</summary>
    public TriageResult? Triage { get; init; }

    /// <summary>Lock state: contended and held locks, owners, waiters, the wait-for graph and its cycles.</summary>
    public LockReport? Locks { get; init; }

    /// <summary>crash's `mod`: the loaded modules (name, base, size, taints, state); null when the module list could not be read (the reason is in <see cref="Failures"/>), empty only for a kernel without modules.</summary>
    public IReadOnlyList<KernelModule>? Modules { get; init; }

    /// <summary>Extractors that failed; the rest of the report is still valid.</summary>
    public IReadOnlyList<ExtractorFailure> Failures { get; init; } = [];

    /// <summary>Extractors that did not run because what they need is absent (e.g. no kernel types).</summary>
    public IReadOnlyList<ExtractorFailure> Skipped { get; init; } = [];
}
