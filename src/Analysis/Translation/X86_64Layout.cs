namespace Crashdesk.Analysis.Translation;

/// <summary>x86_64 address-space constants (arch/x86/include/asm/page_64_types.h, pgtable_64_types.h).</summary>
public static class X86_64Layout
{
    /// <summary>__START_KERNEL_map: the kernel image mapping starts here.</summary>
    public const ulong StartKernelMap = 0xffffffff80000000;

    /// <summary>KERNEL_IMAGE_SIZE without KASLR (512 MiB); 1 GiB with CONFIG_RANDOMIZE_BASE (VMCOREINFO NUMBER(KERNEL_IMAGE_SIZE)).</summary>
    public const ulong DefaultKernelImageSize = 512UL << 20;

    /// <summary>__PAGE_OFFSET_BASE_L4: direct map base without memory KASLR, 4-level paging.</summary>
    public const ulong DefaultPageOffsetL4 = 0xffff888000000000;

    /// <summary>__PAGE_OFFSET_BASE_L5: direct map base without memory KASLR, 5-level paging.</summary>
    public const ulong DefaultPageOffsetL5 = 0xff11000000000000;

    /// <summary>Size of the direct map region: 2^MAX_PHYSMEM_BITS (46 for 4-level, 52 for 5-level).</summary>
    public static ulong DirectMapSize(bool fiveLevel) => 1UL << (fiveLevel ? 52 : 46);

    /// <summary>Page table entry bits (arch/x86/include/asm/pgtable_types.h).</summary>
    public const ulong Present = 1UL << 0, PageSizeBit = 1UL << 7;

    /// <summary>PTE_PFN_MASK for 52-bit physical addresses: bits 12..51.</summary>
    public const ulong PfnMask = 0x000ffffffffff000;
}
