using System.Globalization;

namespace Crashdesk.Analysis.Shell;

/// <summary>
/// Kernel-virtual reads with crash's failure text (memory.c `readmem`): an address no page table
/// maps is "invalid kernel virtual address: ADDR  type: "WHAT"", a mapped page the dump does not
/// hold is "seek error: kernel virtual address: ADDR  type: "WHAT"". Unlike crash (diskdump.c
/// `read_diskdump` zero-fills a page makedumpfile excluded) nothing is read as zeros that the dump
/// does not hold.
/// </summary>
internal static class ShellMemory
{
    /// <summary>Fills <paramref name="destination"/> from <paramref name="address"/> or throws crash's message, prefixed with <paramref name="command"/>.</summary>
    public static void Read(CrashShell shell, string command, ulong address, Span<byte> destination, string what)
    {
        var memory = shell.Target.KernelMemory;
        int n = memory.Read(address, destination);
        if (n == destination.Length)
            return;
        ulong failed = address + (ulong)n;
        throw new ShellCommandException(Failure(shell, command, failed, what));
    }

    /// <summary>The kernel image mapping (__START_KERNEL_map) up to the modules area (MODULES_VADDR, 1 GiB on).</summary>
    private const ulong KernelImageStart = 0xffffffff80000000, ModulesStart = 0xffffffffc0000000;

    /// <summary>The end of the modules area (MODULES_END) and the vsyscall page (arch/x86/include/asm/pgtable_64_types.h).</summary>
    private const ulong ModulesEnd = 0xffffffffff000000, VsyscallStart = 0xffffffffff600000, VsyscallEnd = 0xffffffffff601000;

    /// <summary>crash's message for a read at <paramref name="address"/> that failed.</summary>
    public static string Failure(CrashShell shell, string command, ulong address, string what)
    {
        string hex = address.ToString("x", CultureInfo.InvariantCulture);
        return shell.Target.KernelMemory.TryTranslate(address, out _) || TranslatedByArithmetic(address)
            ? $"{command}: seek error: kernel virtual address: {hex}  type: \"{what}\""
            : $"{command}: invalid kernel virtual address: {hex}  type: \"{what}\"";
    }

    /// <summary>
    /// crash translates an address of the kernel image without the page tables (x86_64.c
    /// `x86_64_kvtop`: not a vmalloc/module/vsyscall address, so `x86_64_VTOP`: minus
    /// __START_KERNEL_map plus phys_base), so such a read fails on the physical side: a seek error.
    /// </summary>
    private static bool TranslatedByArithmetic(ulong address) =>
        address >= KernelImageStart && (address < ModulesStart || address >= ModulesEnd) && address is not (>= VsyscallStart and < VsyscallEnd);
}
