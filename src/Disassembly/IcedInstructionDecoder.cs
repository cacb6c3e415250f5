using Crashdesk.Analysis.Shell;
using Iced.Intel;

namespace Crashdesk.Disassembly;

/// <summary>
/// <see cref="IInstructionDecoder"/> on Iced's decoder and GNU-assembler formatter, set to print
/// what gdb (through libopcodes, as objdump) prints: lower-case hex with 0x and no leading zeros, no
/// small numbers in decimal, size suffixes only where the operands leave the size open (`nopl`,
/// `movq $0x0,…`), RIP-relative operands as `disp(%rip)`, and the mnemonic with its prefixes padded
/// to six columns and a space (opcodes' `%-6s `; a mnemonic alone keeps the padding: "ret    ").
/// </summary>
public sealed class IcedInstructionDecoder : IInstructionDecoder
{
    /// <inheritdoc />
    public DecodedInstruction? Decode(ReadOnlySpan<byte> code, ulong address)
    {
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code.ToArray()), address, DecoderOptions.None);
        decoder.Decode(out var instruction);
        if (instruction.IsInvalid)
            return null;
        var formatter = NewFormatter();
        var mnemonic = new StringOutput();
        formatter.FormatMnemonic(instruction, mnemonic);
        var operands = new StringOutput();
        formatter.FormatAllOperands(instruction, operands);
        string text = Spell(instruction, mnemonic.ToStringAndReset(), operands.ToStringAndReset());
        ulong? branch = instruction.FlowControl is FlowControl.Call or FlowControl.UnconditionalBranch or FlowControl.ConditionalBranch
            && instruction.Op0Kind is OpKind.NearBranch64 or OpKind.NearBranch32 or OpKind.NearBranch16
            ? instruction.NearBranchTarget
            : null;
        ulong? memory = instruction.IsIPRelativeMemoryOperand ? instruction.IPRelativeMemoryAddress : null;
        return new DecodedInstruction(instruction.Length, text, branch, memory);
    }

    /// <summary>objdump's spelling where it differs from Iced's: `66 90` is "xchg %ax,%ax" to libopcodes.</summary>
    private static string Spell(in Instruction instruction, string mnemonic, string operands)
    {
        if (instruction.Code == Code.Nopw)
            return "xchg   %ax,%ax";
        // libopcodes prints the scale whenever there is an index register ("(%rax,%rax,1)"); Iced
        // leaves out a scale of 1 (and its AlwaysShowScale adds a stray comma without an index).
        for (int i = 0; i < instruction.OpCount; i++)
        {
            // String instructions: libopcodes names the segments of their implicit operands ("rep stos %rax,%es:(%rdi)").
            if (instruction.GetOpKind(i) == OpKind.MemoryESRDI && !operands.Contains("%es:(%rdi)", StringComparison.Ordinal))
                operands = operands.Replace("(%rdi)", "%es:(%rdi)", StringComparison.Ordinal);
            if (instruction.GetOpKind(i) == OpKind.MemorySegRSI && !operands.Contains(":(%rsi)", StringComparison.Ordinal))
                operands = operands.Replace("(%rsi)", "%ds:(%rsi)", StringComparison.Ordinal);
        }
        for (int i = 0; i < instruction.OpCount; i++)
            if (instruction.GetOpKind(i) == OpKind.Memory && instruction.MemoryIndex != Register.None && instruction.MemoryIndexScale == 1)
            {
                string index = ",%" + instruction.MemoryIndex.ToString().ToLowerInvariant() + ")";
                operands = operands.Replace(index, index[..^1] + ",1)", StringComparison.Ordinal);
            }
        return operands.Length == 0 ? mnemonic.PadRight(6) + " " : mnemonic.PadRight(6) + " " + operands;
    }

    private static GasFormatter NewFormatter()
    {
        var formatter = new GasFormatter();
        var o = formatter.Options;
        o.HexPrefix = "0x";
        o.HexSuffix = null;
        o.UppercaseHex = false;
        o.SmallHexNumbersInDecimal = false;
        o.AddLeadingZeroToHexNumbers = false;
        o.LeadingZeros = false;
        o.BranchLeadingZeros = false;
        o.DisplacementLeadingZeros = false;
        o.RipRelativeAddresses = true;
        o.ShowBranchSize = false;
        o.GasNakedRegisters = false;
        o.SpaceAfterOperandSeparator = false;
        o.FirstOperandCharIndex = 0;
        // libopcodes prints an encoded zero displacement ("0x0(%rax,%rax,1)").
        o.ShowZeroDisplacements = true;
        return formatter;
    }
}
