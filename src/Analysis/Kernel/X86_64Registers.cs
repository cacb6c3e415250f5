using System.Buffers.Binary;

namespace Crashdesk.Analysis.Kernel;

/// <summary>
/// x86_64 general registers in struct user_regs_struct order (arch/x86/include/asm/user_64.h), as
/// NT_PRSTATUS's pr_reg holds them: r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi
/// orig_rax rip cs eflags rsp ss fs_base gs_base ds es fs gs.
/// </summary>
public sealed record X86_64Registers
{
    /// <summary>Number of 8-byte registers in pr_reg (ELF_NGREG).</summary>
    public const int Count = 27;

    public ulong R15 { get; init; }
    public ulong R14 { get; init; }
    public ulong R13 { get; init; }
    public ulong R12 { get; init; }
    public ulong Rbp { get; init; }
    public ulong Rbx { get; init; }
    public ulong R11 { get; init; }
    public ulong R10 { get; init; }
    public ulong R9 { get; init; }
    public ulong R8 { get; init; }
    public ulong Rax { get; init; }
    public ulong Rcx { get; init; }
    public ulong Rdx { get; init; }
    public ulong Rsi { get; init; }
    public ulong Rdi { get; init; }
    public ulong OrigRax { get; init; }
    public ulong Rip { get; init; }
    public ulong Cs { get; init; }
    public ulong Eflags { get; init; }
    public ulong Rsp { get; init; }
    public ulong Ss { get; init; }
    public ulong FsBase { get; init; }
    public ulong GsBase { get; init; }
    public ulong Ds { get; init; }
    public ulong Es { get; init; }
    public ulong Fs { get; init; }
    public ulong Gs { get; init; }

    /// <summary>Decodes 27 little-endian u64 in user_regs_struct order.</summary>
    public static X86_64Registers FromUserRegs(ReadOnlySpan<byte> r)
    {
        ulong[] v = new ulong[Count];
        for (int i = 0; i < Count; i++)
            v[i] = BinaryPrimitives.ReadUInt64LittleEndian(r[(i * 8)..]);
        ulong R(int i) => v[i];
        return new X86_64Registers
        {
            R15 = R(0), R14 = R(1), R13 = R(2), R12 = R(3), Rbp = R(4), Rbx = R(5), R11 = R(6), R10 = R(7),
            R9 = R(8), R8 = R(9), Rax = R(10), Rcx = R(11), Rdx = R(12), Rsi = R(13), Rdi = R(14), OrigRax = R(15),
            Rip = R(16), Cs = R(17), Eflags = R(18), Rsp = R(19), Ss = R(20), FsBase = R(21), GsBase = R(22),
            Ds = R(23), Es = R(24), Fs = R(25), Gs = R(26),
        };
    }
}
