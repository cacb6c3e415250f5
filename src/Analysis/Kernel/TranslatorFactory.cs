using Crashdesk.Analysis.Formats;
using Crashdesk.Analysis.Formats.Elf;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Translation;

namespace Crashdesk.Analysis.Kernel;

/// <summary>
/// Derives phys_base, the page-table root and page_offset_base from VMCOREINFO (and the dump), as
/// crash's x86_64.c and libkdumpfile's addrxlat do, in order of trust.
/// </summary>
internal static class TranslatorFactory
{
    public static X86_64AddressTranslator Create(OpenedDump dump, VmcoreInfo info)
    {
        ulong physBase = PhysBase(dump, info);
        ulong imageSize = info.Number("KERNEL_IMAGE_SIZE") is > 0 and var s ? (ulong)s : X86_64Layout.DefaultKernelImageSize;
        var imageOnly = new X86_64AddressTranslator(physBase, imageSize, null, null);

        // init_top_pgt (4.13+, arch/x86/kernel/machine_kexec_64.c), else swapper_pg_dir (older).
        X86_64PageTableWalker? walker = null;
        if ((info.Symbol("init_top_pgt") ?? info.Symbol("swapper_pg_dir")) is { } pgd && imageOnly.TryTranslateKernelImage(pgd, out ulong pgdPhys))
        {
            bool fiveLevel = info.Number("pgtable_l5_enabled") is 1;
            ulong sme = info.Number("sme_mask") is { } m ? (ulong)m : 0;
            walker = new X86_64PageTableWalker(dump.PhysicalMemory, pgdPhys, fiveLevel, sme);
        }

        ulong? directMap = null;
        var partial = new X86_64AddressTranslator(physBase, imageSize, null, walker);
        if (info.Symbol("page_offset_base") is { } pobSymbol && new KernelMemory(dump.PhysicalMemory, partial).TryReadU64(pobSymbol, out ulong pob))
            directMap = pob;
        else if (walker is not null)
            directMap = walker.FindDirectMapBase();
        return new X86_64AddressTranslator(physBase, imageSize, directMap, walker);
    }

    private static ulong PhysBase(OpenedDump dump, VmcoreInfo info)
    {
        // NUMBER(phys_base) is signed (it can be negative). The kdump sub-header's phys_base is the
        // dumping tool's guess (QEMU's dump-guest-memory writes one that does not match the guest
        // kernel), while VMCOREINFO's is the kernel's own (kernel/crash_core.c): VMCOREINFO wins.
        if (info.Number("phys_base") is { } n)
            return unchecked((ulong)n); // two's complement: a negative phys_base wraps as in C
        // ELF: the PT_LOAD that maps the kernel image gives it (crash x86_64.c, x86_64_calc_phys_base()).
        if (dump.PhysicalMemory is ElfPhysicalMemory elf)
        {
            foreach (var seg in elf.Segments)
            {
                if (seg.VirtualAddress >= X86_64Layout.StartKernelMap && seg.VirtualAddress < 0xffffffffff000000)
                    return seg.PhysicalAddress - (seg.VirtualAddress - X86_64Layout.StartKernelMap);
            }
        }
        if (dump.Info.HeaderPhysBase is { } h && dump.Info.Format.StartsWith("kdump", StringComparison.Ordinal))
            return (ulong)h;
        return 0;
    }
}
