using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Unwind;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>
/// Backtraces of a crashed kernel (crash `bt`, `bt -a`, `foreach bt`): ORC unwinding from the
/// per-CPU notes for running tasks and from `thread.sp` for switched-out ones. Building it reads
/// the ORC tables (vmlinux + modules) and the per-CPU stacks once; each backtrace then costs a
/// few dozen memory reads. Thread-safe.
/// </summary>
public sealed class BacktraceExtractor
{
    private readonly KernelContext _context;
    private readonly FrameSymbolizer _symbols;
    private readonly ActiveCpuStarts _starts;
    private readonly Dictionary<int, ulong> _currentTasks = new();

    /// <summary>
    /// Prepares unwinding over <paramref name="context"/>; <paramref name="debugFrame"/> (a vmlinux
    /// `.debug_frame`, see <see cref="DebugFrameSource"/>) covers the functions ORC leaves undefined.
    /// <paramref name="cancellationToken"/> stops the preparation (module ORC tables, per-CPU stacks):
    /// over a slow object store it is many page reads.
    /// </summary>
    public BacktraceExtractor(KernelContext context, ReadOnlyMemory<byte>? debugFrame = null, CancellationToken cancellationToken = default)
    {
        _context = context;
        var orc = OrcIndexBuilder.Build(context, cancellationToken);
        int cpus = Math.Max(context.Target.CpuCount ?? 0, context.Target.Cpus.Count);
        var stacks = KernelStacks.Read(context, cpus, cancellationToken);
        var cfi = debugFrame is { Length: > 0 } frame ? DwarfCfiTable.Create(frame, context.Target.KernelOffset) : null;
        _symbols = new FrameSymbolizer(context, orc);
        Unwinder = new OrcUnwinder(context.Target.KernelMemory, orc, stacks, context.Target.Limits.MaxFrames, cfi, _symbols.FunctionStart);
        _starts = new ActiveCpuStarts(context, Unwinder);
        PanicCpu = ReadPanicCpu(context);
        foreach (var c in context.Target.Cpus)
            if (ReadCurrentTask(context, c.Cpu) is { } task)
                _currentTasks[c.Cpu] = task;
    }

    /// <summary>The unwinder (ORC tables, stacks).</summary>
    public OrcUnwinder Unwinder { get; }

    /// <summary>The CPU that panicked (`panic_cpu`, else `crashing_cpu`), if known.</summary>
    public int? PanicCpu { get; }

    /// <summary>The panicking task (the task active on <see cref="PanicCpu"/>), if known.</summary>
    public ulong? PanicTask => PanicCpu is { } cpu && _currentTasks.TryGetValue(cpu, out ulong task) ? task : null;

    /// <summary>The task running on each CPU with a register note.</summary>
    public IReadOnlyDictionary<int, ulong> CurrentTasks => _currentTasks;

    /// <summary>The panicking task's backtrace (crash `bt`).</summary>
    public TaskBacktrace? ForPanic() => PanicCpu is { } cpu && _currentTasks.ContainsKey(cpu) ? ForCpu(cpu) : null;

    /// <summary>The active task on every CPU, in CPU order (crash `bt -a`).</summary>
    public IReadOnlyList<TaskBacktrace> ForActiveCpus() =>
        _context.Target.Cpus.Where(c => _currentTasks.ContainsKey(c.Cpu)).OrderBy(c => c.Cpu).Select(c => ForCpu(c.Cpu)).ToList();

    /// <summary>A task's backtrace: from its CPU's note when it was running, else from `thread.sp`.</summary>
    public TaskBacktrace ForTask(ulong task)
    {
        foreach (var (cpu, current) in _currentTasks)
            if (current == task)
                return ForCpu(cpu);
        var facts = TaskStackFacts.Read(_context, task);
        var stack = TaskStack(facts);
        var start = SleepingStart(facts);
        var result = Unwinder.Unwind(start, stack, facts.Cpu);
        return Build(facts, false, result, "thread.sp");
    }

    /// <summary>The backtrace of the task with <paramref name="pid"/> among the active tasks and <paramref name="tasks"/>.</summary>
    public TaskBacktrace? ForPid(int pid, IEnumerable<ulong>? tasks = null)
    {
        foreach (var task in _currentTasks.Values.Concat(tasks ?? []))
            if (TaskStackFacts.Read(_context, task).Pid == pid)
                return ForTask(task);
        return null;
    }

    /// <summary>
    /// Backtraces of <paramref name="tasks"/> (crash `foreach bt`), each task once, in the given
    /// order; Reports.BacktraceOrder puts them in reading order.
    /// </summary>
    public IReadOnlyList<TaskBacktrace> ForTasks(IEnumerable<ulong> tasks) => tasks.Distinct().Select(ForTask).ToList();

    /// <summary>The backtrace of the task active on <paramref name="cpu"/>.</summary>
    public TaskBacktrace ForCpu(int cpu)
    {
        var note = _context.Target.Cpus.First(c => c.Cpu == cpu);
        var facts = TaskStackFacts.Read(_context, _currentTasks[cpu]);
        var (result, how) = _starts.Unwind(note, TaskStack(facts), cpu, cpu == PanicCpu);
        return Build(facts with { Cpu = cpu }, true, result, how);
    }

    private static StackRange TaskStack(TaskStackFacts facts) => new("task", facts.StackBase, facts.StackBase + KernelStacks.ThreadSize);

    private UnwindStart SleepingStart(TaskStackFacts facts)
    {
        // __switch_to_asm pushes the callee-saved registers and leaves thread.sp at a
        // struct inactive_task_frame (switch_to.h); the unwind resumes at its ret_addr with SP just
        // above it (unwind_orc.c __unwind_start for a blocked task; drgn does the same).
        var t = _context.Types;
        long retOff = t.RequireOffset("inactive_task_frame", "ret_addr");
        long bpOff = t.RequireOffset("inactive_task_frame", "bp");
        long size = t.RequireSize("inactive_task_frame");
        var m = _context.Target.KernelMemory;
        ulong ret = m.ReadU64(facts.SavedSp + (ulong)retOff, "inactive_task_frame.ret_addr");
        ulong? bp = m.TryReadU64(facts.SavedSp + (ulong)bpOff, out ulong b) ? b : null;
        // ret_from_fork is entered by a jump, not a call: its address is exact (unwind_orc.c: state->signal).
        bool exact = _context.TryGetSymbolAddress("ret_from_fork", out ulong rff) && rff == ret;
        return new UnwindStart(ret, facts.SavedSp + (ulong)size, bp, facts.SavedSp + (ulong)retOff, !exact);
    }

    private TaskBacktrace Build(TaskStackFacts facts, bool active, UnwindResult result, string how)
    {
        var frames = new List<BacktraceFrame>(result.Frames.Count);
        StackRange? previous = null;
        foreach (var f in result.Frames)
        {
            var (fn, off, module) = _symbols.Resolve(f.Pc, f.IsReturnAddress);
            string? left = frames.Count > 0 && previous is not null && f.Stack != previous ? previous.Name : null;
            frames.Add(new BacktraceFrame(frames.Count, f.StackAddress, f.Pc, fn, off, module, f.Stack?.Name, f.Registers, left, f.Fallback));
            previous = f.Stack;
        }
        return new TaskBacktrace(facts.Pid, facts.Comm, facts.Cpu, facts.Task, active, frames, result.UserRegisters, how, result.Error);
    }

    private static int? ReadPanicCpu(KernelContext context)
    {
        var m = context.Target.KernelMemory;
        // kernel/panic.c: atomic_t panic_cpu (PANIC_CPU_INVALID = -1); arch/x86/kernel/reboot.c crashing_cpu.
        foreach (string name in new[] { "panic_cpu", "crashing_cpu" })
            if (context.TryGetSymbolAddress(name, out ulong a) && m.TryReadU32(a, out uint v) && v < (uint)context.Target.Limits.MaxCpus) // -1 (unset) reads as 0xffffffff
                return (int)v;
        return null;
    }

    private static ulong? ReadCurrentTask(KernelContext context, int cpu)
    {
        var m = context.Target.KernelMemory;
        // 6.1: DEFINE_PER_CPU(struct task_struct *, current_task); 6.2+: pcpu_hot.current_task.
        if (PerCpu.TryGetAddress(context, "current_task", cpu, out ulong var) && m.TryReadU64(var, out ulong task) && task != 0)
            return task;
        if (PerCpu.TryGetAddress(context, "pcpu_hot", cpu, out ulong hot) && context.Types.OffsetOf("pcpu_hot", "current_task") is { } ct
            && m.TryReadU64(unchecked(hot + (ulong)ct), out task) && task != 0)
            return task;
        // kernel/sched/sched.h: runqueues[cpu].curr.
        if (PerCpu.TryGetAddress(context, "runqueues", cpu, out ulong rq) && context.Types.OffsetOf("rq", "curr") is { } curr
            && m.TryReadU64(unchecked(rq + (ulong)curr), out task) && task != 0)
            return task;
        return null;
    }
}
