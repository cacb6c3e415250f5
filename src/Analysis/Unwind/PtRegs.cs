using System.Buffers.Binary;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// x86_64 `struct pt_regs` (arch/x86/include/asm/ptrace.h): r15 r14 r13 r12 bp bx r11 r10 r9 r8
/// ax cx dx si di orig_ax ip cs flags sp ss — the first 21 words of user_regs_struct, so it decodes
/// into <see cref="X86_64Registers"/>. The hardware iret frame is its last five words.
/// </summary>
public static class PtRegs
{
    /// <summary>sizeof(struct pt_regs).</summary>
    public const int Size = 21 * 8;

    /// <summary>Offset of `ip` in pt_regs (IRET_FRAME_OFFSET).</summary>
    public const int IretFrameOffset = 16 * 8;

    /// <summary>Size of the iret frame (ip, cs, flags, sp, ss).</summary>
    public const int IretFrameSize = 5 * 8;

    /// <summary>Decodes a full pt_regs.</summary>
    public static X86_64Registers Decode(ReadOnlySpan<byte> b)
    {
        Span<byte> padded = stackalloc byte[X86_64Registers.Count * 8];
        padded.Clear();
        b[..Size].CopyTo(padded);
        return X86_64Registers.FromUserRegs(padded);
    }

    /// <summary>Decodes a bare iret frame (the other registers read as 0).</summary>
    public static X86_64Registers DecodeIretFrame(ReadOnlySpan<byte> b)
    {
        return new X86_64Registers
        {
            Rip = BinaryPrimitives.ReadUInt64LittleEndian(b),
            Cs = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
            Eflags = BinaryPrimitives.ReadUInt64LittleEndian(b[16..]),
            Rsp = BinaryPrimitives.ReadUInt64LittleEndian(b[24..]),
            Ss = BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
        };
    }

    /// <summary>True when the saved CS is a user-mode selector (RPL 3).</summary>
    public static bool IsUserMode(X86_64Registers r) => (r.Cs & 3) == 3;
}
