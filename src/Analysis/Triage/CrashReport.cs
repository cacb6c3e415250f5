namespace Crashdesk.Analysis.Triage;

/// <summary>
/// One crash found in a kernel log: what kind it is, where it happened and how to group it. Serialised
/// with <c>JsonSerializerDefaults.Web</c> (camelCase) by the CLI and the service.
/// </summary>
public sealed record CrashReport
{
    /// <summary>One of <see cref="CrashClass"/>.</summary>
    public required string Class { get; init; }

    /// <summary>Dashboard-style title, e.g. `general protection fault in foo`; numbers and addresses normalised.</summary>
    public required string Title { get; init; }

    /// <summary>The report's first line as printed (prefixes stripped).</summary>
    public required string Message { get; init; }

    /// <summary>1-based line number of <see cref="Message"/> in the input.</summary>
    public int Line { get; init; }

    /// <summary>The text after `Kernel panic - not syncing: `, when the crash ended in a panic.</summary>
    public string? PanicReason { get; init; }

    /// <summary>The CPU of the `CPU: N PID: P Comm: c` line.</summary>
    public int? Cpu { get; init; }

    /// <summary>The PID of that line.</summary>
    public int? Pid { get; init; }

    /// <summary>The comm of that line.</summary>
    public string? Comm { get; init; }

    /// <summary>The taint flags of the `Tainted:` field, decoded.</summary>
    public TaintInfo? Taint { get; init; }

    /// <summary>The kernel release the header names (`6.1.0-56-cloud-amd64`).</summary>
    public string? KernelRelease { get; init; }

    /// <summary>The `Hardware name:` line (DMI vendor, product, BIOS).</summary>
    public string? HardwareName { get; init; }

    /// <summary>The `RIP:`/`pc :` line's location (`corpus_null_deref+0x1e/0x28 [corpus_crash]`).</summary>
    public string? Rip { get; init; }

    /// <summary>Registers of the first register dump (`RAX` → `00000000deadbeef`).</summary>
    public IReadOnlyDictionary<string, string> Registers { get; init; } = new Dictionary<string, string>();

    /// <summary>The crashing context's stack, top first (RIP frame first when there is one).</summary>
    public IReadOnlyList<TraceFrame> Frames { get; init; } = [];

    /// <summary>The function that names the crash (the first frame that is not generic plumbing).</summary>
    public string? GuiltyFrame { get; init; }

    /// <summary>The guilty frame and the next non-plumbing frames, normalised (no clone suffixes).</summary>
    public IReadOnlyList<string> SignatureFrames { get; init; } = [];

    /// <summary>Stable hash of class and normalised title/guilty frame: same bug, same signature.</summary>
    public required string Signature { get; init; }

    /// <summary>The version of the signature algorithm the signature was computed with.</summary>
    public int SignatureVersion { get; init; } = CrashSignature.Version;

    /// <summary>Every `N locks held by comm/pid:` block of the report.</summary>
    public IReadOnlyList<TaskLocks> LocksHeld { get; init; } = [];

    /// <summary>What a lockdep splat says, for a lockdep report.</summary>
    public LockdepDetail? Lockdep { get; init; }

    /// <summary>Other tasks reported with this crash (the other blocked tasks of a hung-task report).</summary>
    public IReadOnlyList<TaskTrace> RelatedTasks { get; init; } = [];

    /// <summary>The OOM killer's report, for an OOM.</summary>
    public OomDetail? Oom { get; init; }

    /// <summary>The lockup facts, for soft and hard lockups.</summary>
    public LockupDetail? Lockup { get; init; }

    /// <summary>panic_on_* / *_panic settings the log shows were in force (`panic_on_warn`, `hung_task_panic`...).</summary>
    public IReadOnlyList<string> PanicSettings { get; init; } = [];

    /// <summary>True for a crash somebody triggered on purpose (SysRq-c, LKDTM, a test module).</summary>
    public bool Deliberate { get; init; }

    /// <summary>What to enable to capture this kind of problem better next time.</summary>
    public IReadOnlyList<string> CaptureAdvice { get; init; } = [];
}
