namespace Crashdesk.Analysis.Triage;

/// <summary>Where a report kind keeps the frames that name it.</summary>
internal enum GuiltyStrategy
{
    /// <summary>The `RIP:`/`IP:`/`pc :` function, then the call trace (oopses, faults, BUG()).</summary>
    RipThenTrace,

    /// <summary>The first call trace after the header (panics, atomic-context, inconsistent lock state).</summary>
    TraceOnly,

    /// <summary>The RIP when printed before the call trace, else the trace, else the WARNING line's function.</summary>
    Warning,

    /// <summary>The function named in the header (`BUG: KASAN: ... in func`), then the stack.</summary>
    HeaderFunc,

    /// <summary>Frames printed right after the header without a `Call Trace:` line (KMSAN).</summary>
    FramesAfterHeader,

    /// <summary>The blocked task's stack, past scheduler, lock and wait frames (kernel/hung_task.c).</summary>
    HungTask,

    /// <summary>RIP + trace, then the frame above the first dispatch point (syscall, work item, softirq).</summary>
    Stall,

    /// <summary>The interrupted context after the timer interrupt of an RCU stall dump, then as <see cref="Stall"/>.</summary>
    RcuStall,

    /// <summary>The two `at:` sites of a circular-dependency report, then the chain stacks.</summary>
    LockdepCircular,

    /// <summary>The first `at:` site after a marker line (recursive locking, irq inversion, returning to user space).</summary>
    AtAfterMarker,

    /// <summary>The first address line after the header, then the trace (bad unlock balance, held lock freed).</summary>
    FirstSiteThenTrace,

    /// <summary>The stack after a marker line (`backtrace:` of kmemleak, `page last allocated`, `which became ... at:`).</summary>
    StackAfterMarker,

    /// <summary>A function captured by the header or by a marker regex (KCSAN, stack-protector, leaked work).</summary>
    Captured,
}
