namespace Crashdesk.Analysis.Binary;

/// <summary>
/// ELF `e_type` values (elf(5); include/uapi/linux/elf.h), one place for every reader: the dump
/// probe (a vmcore is ET_CORE), the debug-kernel check (a vmlinux is ET_EXEC) and module images.
/// </summary>
public static class ElfFileType
{
    /// <summary>ET_REL: a relocatable object, e.g. a kernel module (.ko).</summary>
    public const ushort Relocatable = 1;

    /// <summary>ET_EXEC: an executable; a vmlinux (debug kernel) is one.</summary>
    public const ushort Executable = 2;

    /// <summary>ET_DYN: a shared object or position-independent executable.</summary>
    public const ushort SharedObject = 3;

    /// <summary>ET_CORE: a core file; /proc/vmcore and its copies are one.</summary>
    public const ushort Core = 4;
}
