using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Unwind;

/// <summary>The frames of one unwind and how it ended.</summary>
/// <param name="Frames">Innermost first.</param>
/// <param name="UserRegisters">The user-mode `pt_regs` the kernel was entered with, when the unwind reached it.</param>
/// <param name="UserRegistersAddress">Its address on the stack.</param>
/// <param name="Error">Why the unwind stopped early (null when it reached the end of the stack or user mode).</param>
public sealed record UnwindResult(IReadOnlyList<UnwindFrame> Frames, X86_64Registers? UserRegisters, ulong UserRegistersAddress, string? Error);
