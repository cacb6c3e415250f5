using System.Buffers.Binary;
using Crashdesk.Analysis.Binary;

namespace Crashdesk.Analysis.Kernel;

/// <summary>
/// One CPU's state at crash time from its NT_PRSTATUS note (include/uapi/linux/elfcore.h,
/// struct elf_prstatus on x86_64: pr_pid at 32, pr_reg at 112, 27 registers).
/// </summary>
/// <param name="Cpu">Index of the note (notes are written in CPU order: kernel/kexec_core.c crash_save_cpu()).</param>
/// <param name="Pid">pr_pid: the pid of the task running on that CPU (0 for the idle task).</param>
/// <param name="Registers">The registers (for the panicking CPU: where crash_kexec() saved them).</param>
public sealed record CpuRegisters(int Cpu, int Pid, X86_64Registers Registers)
{
    private const int PidOffset = 32;
    private const int RegsOffset = 112;

    /// <summary>Decodes an NT_PRSTATUS note; null when it is too short for x86_64.</summary>
    public static CpuRegisters? FromPrStatus(int cpu, ElfNote note)
    {
        var d = note.Descriptor.AsSpan();
        if (d.Length < RegsOffset + X86_64Registers.Count * 8)
            return null;
        int pid = BinaryPrimitives.ReadInt32LittleEndian(d[PidOffset..]);
        return new CpuRegisters(cpu, pid, X86_64Registers.FromUserRegs(d.Slice(RegsOffset, X86_64Registers.Count * 8)));
    }
}
