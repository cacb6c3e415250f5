namespace Crashdesk.Analysis.Shell;

/// <summary>
/// Decodes one x86-64 instruction into the AT&amp;T text gdb prints (objdump's layout: prefixes and
/// mnemonic padded to six columns and a space, then the operands). The engine takes no package
/// (Analysis references only the BCL), so the decoder is handed to the shell's <c>dis</c> by the host:
/// <c>Crashdesk.Disassembly.IcedInstructionDecoder</c>.
/// </summary>
public interface IInstructionDecoder
{
    /// <summary>The instruction at the start of <paramref name="code"/>, which is read at <paramref name="address"/>; null when the bytes are no valid instruction.</summary>
    DecodedInstruction? Decode(ReadOnlySpan<byte> code, ulong address);
}

/// <summary>One decoded instruction.</summary>
/// <param name="Length">Its length in bytes.</param>
/// <param name="Text">gdb's text without symbols ("call   0xffffffff81234567", "mov    0x10(%rip),%rax").</param>
/// <param name="BranchTarget">The target of a direct call or jump (gdb names it: "&lt;panic&gt;").</param>
/// <param name="MemoryTarget">The address a RIP-relative operand points at (gdb's "        # 0x… &lt;jiffies&gt;" comment).</param>
public sealed record DecodedInstruction(int Length, string Text, ulong? BranchTarget, ulong? MemoryTarget);
