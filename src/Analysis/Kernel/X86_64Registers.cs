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

    /// <summary>r15 (callee-saved).</summary>
    public ulong R15 { get; init; }

    /// <summary>r14 (callee-saved).</summary>
    public ulong R14 { get; init; }

    /// <summary>r13 (callee-saved).</summary>
    public ulong R13 { get; init; }

    /// <summary>r12 (callee-saved).</summary>
    public ulong R12 { get; init; }

    /// <summary>rbp: the frame pointer when the kernel keeps one (CONFIG_FRAME_POINTER), callee-saved otherwise.</summary>
    public ulong Rbp { get; init; }

    /// <summary>rbx (callee-saved).</summary>
    public ulong Rbx { get; init; }

    /// <summary>r11 (the user RFLAGS after a SYSCALL).</summary>
    public ulong R11 { get; init; }

    /// <summary>r10 (the fourth system-call argument).</summary>
    public ulong R10 { get; init; }

    /// <summary>r9 (sixth argument).</summary>
    public ulong R9 { get; init; }

    /// <summary>r8 (fifth argument).</summary>
    public ulong R8 { get; init; }

    /// <summary>rax (return value; the system-call number on entry).</summary>
    public ulong Rax { get; init; }

    /// <summary>rcx (fourth argument; the user RIP after a SYSCALL).</summary>
    public ulong Rcx { get; init; }

    /// <summary>rdx (third argument).</summary>
    public ulong Rdx { get; init; }

    /// <summary>rsi (second argument).</summary>
    public ulong Rsi { get; init; }

    /// <summary>rdi (first argument).</summary>
    public ulong Rdi { get; init; }

    /// <summary>orig_rax: the system-call number, or the negated vector of an interrupt (-1 when neither).</summary>
    public ulong OrigRax { get; init; }

    /// <summary>rip: the instruction pointer.</summary>
    public ulong Rip { get; init; }

    /// <summary>cs: the code segment selector (its low two bits are the privilege level: 3 in user mode).</summary>
    public ulong Cs { get; init; }

    /// <summary>eflags (RFLAGS).</summary>
    public ulong Eflags { get; init; }

    /// <summary>rsp: the stack pointer.</summary>
    public ulong Rsp { get; init; }

    /// <summary>ss: the stack segment selector.</summary>
    public ulong Ss { get; init; }

    /// <summary>fs_base: the FS segment base (user TLS).</summary>
    public ulong FsBase { get; init; }

    /// <summary>gs_base: the GS segment base (per-CPU data in the kernel).</summary>
    public ulong GsBase { get; init; }

    /// <summary>ds selector.</summary>
    public ulong Ds { get; init; }

    /// <summary>es selector.</summary>
    public ulong Es { get; init; }

    /// <summary>fs selector.</summary>
    public ulong Fs { get; init; }

    /// <summary>gs selector.</summary>
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
