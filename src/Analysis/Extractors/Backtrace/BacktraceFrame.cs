using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>One frame of a backtrace, as crash's `bt` prints it: `#Level [StackAddress] Function at ReturnAddress [Module]`.</summary>
/// <param name="Level">Frame number, innermost 0.</param>
/// <param name="StackAddress">Stack slot holding the return address into this frame (or the interrupted RSP).</param>
/// <param name="ReturnAddress">The frame's pc: a return address, or the exact RIP of an interrupted/first frame.</param>
/// <param name="Function">Symbol containing the pc (null when unknown).</param>
/// <param name="Offset">Bytes from the symbol's start.</param>
/// <param name="Module">Module name when the pc is in a module's text.</param>
/// <param name="Stack">Name of the stack the frame lives on ("task", "IRQ", "NMI exception", …), if known.</param>
/// <param name="ExceptionRegisters">The `pt_regs` this frame was interrupted with (crash's `[exception RIP: …]` block).</param>
/// <param name="LeftStack">When the unwind switched stacks to reach this frame: the stack it left (crash's `--- &lt;NMI exception stack&gt; ---`).</param>
/// <param name="Fallback">True when the frame was found without ORC or CFI: frame-pointer chain or call-site search.</param>
public sealed record BacktraceFrame(
    int Level,
    ulong StackAddress,
    ulong ReturnAddress,
    string? Function,
    ulong Offset,
    string? Module,
    string? Stack,
    X86_64Registers? ExceptionRegisters,
    string? LeftStack,
    bool Fallback);
