namespace Crashdesk.Analysis.Binary;

/// <summary>One ELF note (elf(5): Elf64_Nhdr + name + descriptor).</summary>
public sealed record ElfNote(string Name, uint Type, byte[] Descriptor)
{
    /// <summary>NT_PRSTATUS: a CPU's registers and the pid running there.</summary>
    public const uint NtPrStatus = 1;

    /// <summary>True for the "CORE"/NT_PRSTATUS note of one CPU.</summary>
    public bool IsPrStatus => Type == NtPrStatus && Name == "CORE";

    /// <summary>True for the kernel's VMCOREINFO note (kernel/crash_core.c, VMCOREINFO_NOTE_NAME).</summary>
    public bool IsVmcoreInfo => Name == "VMCOREINFO";

    /// <summary>True for QEMU's per-CPU "QEMU" note (QEMU dump/dump.c, QEMUCPUState).</summary>
    public bool IsQemuCpuState => Name == "QEMU";
}
