using Crashdesk.Analysis.Triage;

namespace Crashdesk.Web.ViewModels;

/// <summary>What the Triage card shows of the log triage: the primary crash in full, the other reports in a line each.</summary>
/// <param name="Primary">The primary (first real) crash; null for a clean log.</param>
/// <param name="Others">The log's other crash reports, in log order.</param>
public sealed record TriageView(CrashView? Primary, IReadOnlyList<OtherCrashView> Others)
{
    /// <summary>From the engine's triage.</summary>
    public static TriageView Of(TriageResult triage) => new(
        triage.Primary is { } primary ? CrashView.Of(primary) : null,
        [.. triage.Reports.Skip(1).Select(r => new OtherCrashView(r.Class, r.Title, r.Signature, r.Line))]);
}

/// <summary>Another crash report of the log: its class, title, signature and first line.</summary>
public sealed record OtherCrashView(string Class, string Title, string Signature, int Line);

/// <summary>A crash report as the Triage card shows it (what a dashboard groups on, its call trace and details).</summary>
public sealed record CrashView(
    string Class, bool Deliberate, string Title, string? GuiltyFrame, string Signature, int? Pid, string? Comm, int? Cpu, string? Rip,
    string? Taint, IReadOnlyList<string> PanicSettings, IReadOnlyList<FrameView> Frames, IReadOnlyList<string> CaptureAdvice,
    LockupDetailView? Lockup, OomDetailView? Oom, LockdepView? Lockdep, IReadOnlyList<TaskLocksView> LocksHeld, IReadOnlyList<RelatedTaskView> RelatedTasks)
{
    /// <summary>From the engine's record.</summary>
    public static CrashView Of(CrashReport r) => new(
        r.Class, r.Deliberate, r.Title, r.GuiltyFrame, r.Signature, r.Pid, r.Comm, r.Cpu, r.Rip,
        r.Taint?.Raw, r.PanicSettings, [.. r.Frames.Select(FrameView.Of)], r.CaptureAdvice,
        r.Lockup is { } l ? new LockupDetailView(l.Cpu, l.StuckSeconds, l.Comm, l.Pid) : null,
        r.Oom is { } o ? new OomDetailView(o.InvokerComm, o.GfpMask, o.Order, o.Constraint, o.KilledComm, o.KilledPid, o.LargestTaskComm, o.LargestTaskRssPages, o.Panicked) : null,
        r.Lockdep is { } d ? LockdepView.Of(d) : null,
        [.. r.LocksHeld.Select(t => new TaskLocksView(t.Comm, t.Pid, [.. t.Locks.Select(HeldLockView.Of)]))],
        [.. r.RelatedTasks.Select(t => new RelatedTaskView(t.Comm, t.Pid, t.State, t.Frames.FirstOrDefault(f => f.Reliable)?.Function))]);
}

/// <summary>A call-trace frame: function+offset/size [module], "?" when unreliable, under its context (&lt;TASK&gt;, &lt;IRQ&gt;).</summary>
public sealed record FrameView(string Function, long? Offset, long? Size, string? Module, bool Reliable, string? Context)
{
    /// <summary>From the engine's record.</summary>
    public static FrameView Of(TraceFrame f) => new(f.Function, f.Offset, f.Size, f.Module, f.Reliable, f.Context);
}

/// <summary>A soft or hard lockup: the CPU, how long it was stuck and the task on it.</summary>
public sealed record LockupDetailView(int? Cpu, int? StuckSeconds, string? Comm, int? Pid);

/// <summary>An OOM kill: who invoked it, with what allocation, whom it killed and the largest task.</summary>
public sealed record OomDetailView(
    string? InvokerComm, string? GfpMask, int? Order, string? Constraint, string? KilledComm, int? KilledPid,
    string? LargestTaskComm, long? LargestTaskRssPages, bool Panicked);

/// <summary>A lockdep splat: its kind, the acquire and holding pair, and the dependency chain.</summary>
public sealed record LockdepView(string Kind, string? Task, HeldLockView? Acquiring, HeldLockView? Holding, IReadOnlyList<LockdepLinkView> Chain)
{
    /// <summary>From the engine's record.</summary>
    public static LockdepView Of(LockdepDetail d) => new(
        d.Kind, d.Task, d.Acquiring is { } a ? HeldLockView.Of(a) : null, d.Holding is { } h ? HeldLockView.Of(h) : null,
        [.. d.Chain.Select(c => new LockdepLinkView(c.Index, c.Lock))]);
}

/// <summary>A link of a lockdep chain: its number and the lock.</summary>
public sealed record LockdepLinkView(int Index, string Lock);

/// <summary>A lock lockdep printed as held: its number, address, class name, usage bits and where it was taken.</summary>
public sealed record HeldLockView(int Index, string? Address, string Name, string? Usage, string? AcquireSite)
{
    /// <summary>From the engine's record.</summary>
    public static HeldLockView Of(HeldLock l) => new(l.Index, l.Address, l.Name, l.Usage, l.AcquireSite);
}

/// <summary>The locks one task held, as lockdep's "locks held" block lists them.</summary>
public sealed record TaskLocksView(string Comm, int Pid, IReadOnlyList<HeldLockView> Locks);

/// <summary>Another task of the same episode: its command, PID, state and the first reliable function of its trace.</summary>
public sealed record RelatedTaskView(string Comm, int? Pid, string? State, string? Function);
