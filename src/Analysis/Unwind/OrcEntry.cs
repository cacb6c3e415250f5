using System.Buffers.Binary;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// One x86_64 `struct orc_entry` as Linux 6.1 lays it out (arch/x86/include/asm/orc_types.h at
/// v6.1: `s16 sp_offset; s16 bp_offset; unsigned sp_reg:4, bp_reg:4, type:2, end:1;`, packed to
/// 6 bytes). The `signal` bit and the UNDEFINED / END_OF_STACK types only arrived in 6.3/6.4
/// (commits ffb1b4a41016 and fb799447ae29), so on 6.1 type 0 is CALL, 1 REGS, 2 REGS_PARTIAL and
/// `end` marks the outermost frame.
/// </summary>
/// <param name="SpOffset">Offset added to the base register to get the CFA (previous SP).</param>
/// <param name="BpOffset">Offset of the saved BP from the base of <paramref name="BpReg"/>.</param>
/// <param name="SpReg">Base register of the CFA (ORC_REG_*).</param>
/// <param name="BpReg">Where the caller's BP is (ORC_REG_*).</param>
/// <param name="Type">Frame type (ORC_TYPE_*).</param>
/// <param name="End">The `end` bit: the last frame of a stack (kernel thread / entry code).</param>
public readonly record struct OrcEntry(short SpOffset, short BpOffset, byte SpReg, byte BpReg, byte Type, bool End)
{
    /// <summary>Size of one packed entry.</summary>
    public const int Size = 6;

    /// <summary>ORC_REG_UNDEFINED: the register is not recoverable (or unchanged, for BP).</summary>
    public const byte RegUndefined = 0;
    /// <summary>ORC_REG_PREV_SP: relative to the CFA.</summary>
    public const byte RegPrevSp = 1;
    /// <summary>ORC_REG_DX.</summary>
    public const byte RegDx = 2;
    /// <summary>ORC_REG_DI.</summary>
    public const byte RegDi = 3;
    /// <summary>ORC_REG_BP.</summary>
    public const byte RegBp = 4;
    /// <summary>ORC_REG_SP.</summary>
    public const byte RegSp = 5;
    /// <summary>ORC_REG_R10.</summary>
    public const byte RegR10 = 6;
    /// <summary>ORC_REG_R13.</summary>
    public const byte RegR13 = 7;
    /// <summary>ORC_REG_BP_INDIRECT: CFA = *(BP + sp_offset).</summary>
    public const byte RegBpIndirect = 8;
    /// <summary>ORC_REG_SP_INDIRECT: CFA = *SP + sp_offset (objtool's stack swizzle, v5.12+).</summary>
    public const byte RegSpIndirect = 9;

    /// <summary>ORC_TYPE_CALL: a normal call frame; the return address is just below the CFA.</summary>
    public const byte TypeCall = 0;
    /// <summary>ORC_TYPE_REGS: the CFA points at a full `struct pt_regs`.</summary>
    public const byte TypeRegs = 1;
    /// <summary>ORC_TYPE_REGS_PARTIAL (6.1 name; REGS_IRET before 5.8): the CFA points at the hardware iret frame.</summary>
    public const byte TypeRegsPartial = 2;

    /// <summary>The entry the kernel's unwinder uses when no ORC entry covers an address (`orc_fp_entry`, frame pointers).</summary>
    public static OrcEntry FramePointer { get; } = new(16, -16, RegBp, RegPrevSp, TypeCall, false);

    /// <summary>Decodes 6 little-endian bytes.</summary>
    public static OrcEntry Decode(ReadOnlySpan<byte> b)
    {
        short sp = BinaryPrimitives.ReadInt16LittleEndian(b);
        short bp = BinaryPrimitives.ReadInt16LittleEndian(b[2..]);
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(b[4..]);
        return new OrcEntry(sp, bp, (byte)(bits & 0xf), (byte)((bits >> 4) & 0xf), (byte)((bits >> 8) & 0x3), ((bits >> 10) & 1) != 0);
    }
}
