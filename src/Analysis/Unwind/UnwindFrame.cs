using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// One frame found by <see cref="OrcUnwinder"/>.
/// </summary>
/// <param name="Pc">The frame's instruction address: a return address, or an exact RIP when
/// <paramref name="Registers"/> (an exception frame) or the start registers gave it.</param>
/// <param name="StackAddress">crash's `[stack address]`: the stack slot holding the return address
/// into this frame, or the interrupted RSP for a frame that starts from registers.</param>
/// <param name="Sp">The stack pointer inside this frame after the call returns (the callee's CFA).</param>
/// <param name="Stack">The stack <paramref name="Sp"/> lies on, when known.</param>
/// <param name="Registers">The `struct pt_regs` this frame was interrupted with (exception frame), if any.</param>
/// <param name="RegistersAddress">Address of that `pt_regs` (or iret frame).</param>
/// <param name="PartialRegisters">True when only the hardware iret frame (RIP, CS, RFLAGS, RSP, SS) was saved.</param>
/// <param name="Fallback">True when neither ORC nor CFI covered the previous frame: the BP chain or <see cref="CallSiteSearch"/> found it.</param>
public sealed record UnwindFrame(
    ulong Pc,
    ulong StackAddress,
    ulong Sp,
    StackRange? Stack,
    X86_64Registers? Registers = null,
    ulong RegistersAddress = 0,
    bool PartialRegisters = false,
    bool Fallback = false)
{
    /// <summary>True when <see cref="Pc"/> is a return address (look it up at Pc − 1).</summary>
    public bool IsReturnAddress { get; init; }
}
