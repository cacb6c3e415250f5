namespace Crashdesk.Analysis.Triage;

/// <summary>
/// One backtrace line as the kernel printed it: `func+0x1f/0x30 [module]`, with `? ` marking a frame
/// the unwinder could not vouch for (arch/x86/kernel/dumpstack.c printk_stack_address).
/// </summary>
public sealed record TraceFrame
{
    /// <summary>Symbol as printed, clone suffixes included (`corpus_write.cold`).</summary>
    public required string Function { get; init; }

    /// <summary>Offset into the function (`0x1f` of `+0x1f/0x30`).</summary>
    public long? Offset { get; init; }

    /// <summary>The function's size (`0x30`).</summary>
    public long? Size { get; init; }

    /// <summary>Module name for module text (`corpus_crash`), null for the core kernel.</summary>
    public string? Module { get; init; }

    /// <summary>False for `? ` / `(unreliable)` frames.</summary>
    public bool Reliable { get; init; } = true;

    /// <summary>True for the frame taken from the `RIP:`/`IP:`/`pc :` line (the faulting instruction).</summary>
    public bool IsRip { get; init; }

    /// <summary>The context marker the frame was printed under (`IRQ`, `NMI`, `TASK`, `SOFTIRQ`), if any.</summary>
    public string? Context { get; init; }
}
