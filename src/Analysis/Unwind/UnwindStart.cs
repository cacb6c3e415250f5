using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Unwind;

/// <summary>Where an unwind begins.</summary>
/// <param name="Pc">First frame's instruction address.</param>
/// <param name="Sp">Stack pointer in that frame.</param>
/// <param name="Bp">RBP if known.</param>
/// <param name="StackAddress">crash's stack address for the first frame.</param>
/// <param name="IsReturnAddress">True when <paramref name="Pc"/> is a return address (sleeping task, stack slot), false for exact registers.</param>
/// <param name="Registers">Full registers when the start came from a CPU note or a pt_regs.</param>
public sealed record UnwindStart(ulong Pc, ulong Sp, ulong? Bp, ulong StackAddress, bool IsReturnAddress, X86_64Registers? Registers = null)
{
    /// <summary>Start from a full register set (a CPU's NT_PRSTATUS note).</summary>
    public static UnwindStart FromRegisters(X86_64Registers r) => new(r.Rip, r.Rsp, r.Rbp, r.Rsp, false, r);
}
