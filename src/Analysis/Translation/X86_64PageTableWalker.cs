using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Translation;

/// <summary>
/// Walks x86_64 page tables in physical memory: 4 levels (PGD, PUD, PMD, PTE) or 5 (PML5 first),
/// honouring 1 GiB (PUD) and 2 MiB (PMD) pages (Intel SDM vol. 3 §4.5; libkdumpfile
/// src/addrxlat/x86_64.c for the same walk). The AMD SME bit (VMCOREINFO NUMBER(sme_mask)) is
/// stripped from every entry.
/// </summary>
public sealed class X86_64PageTableWalker
{
    private readonly PhysicalMemory _memory;
    private readonly ulong _entryMask;

    /// <summary>Creates a walker rooted at the physical address of the top-level table.</summary>
    public X86_64PageTableWalker(PhysicalMemory memory, ulong rootPhysical, bool fiveLevel, ulong smeMask = 0)
    {
        _memory = memory;
        RootPhysical = rootPhysical & X86_64Layout.PfnMask;
        FiveLevel = fiveLevel;
        _entryMask = X86_64Layout.PfnMask & ~smeMask;
    }

    /// <summary>Physical address of the top-level table (PML5 or PGD).</summary>
    public ulong RootPhysical { get; }

    /// <summary>True for 5-level paging (LA57).</summary>
    public bool FiveLevel { get; }

    /// <summary>Translates one address; false when not canonical, not mapped, or a table page is missing.</summary>
    public bool TryTranslate(ulong virtualAddress, out ulong physicalAddress, out ulong pageSize)
    {
        physicalAddress = 0;
        pageSize = 0;
        int bits = FiveLevel ? 57 : 48;
        // Canonical: bits 63..(bits-1) all equal.
        long signExtended = unchecked((long)(virtualAddress << (64 - bits))) >> (64 - bits);
        if (unchecked((ulong)signExtended) != virtualAddress)
            return false;
        ulong table = RootPhysical;
        for (int shift = FiveLevel ? 48 : 39; shift >= 12; shift -= 9)
        {
            ulong index = (virtualAddress >> shift) & 511;
            if (!_memory.TryReadU64(table + index * 8, out ulong entry) || (entry & X86_64Layout.Present) == 0)
                return false;
            ulong next = entry & _entryMask;
            if (shift is 30 or 21 && (entry & X86_64Layout.PageSizeBit) != 0)
            {
                pageSize = 1UL << shift;
                physicalAddress = (next & ~(pageSize - 1)) | (virtualAddress & (pageSize - 1));
                return true;
            }
            table = next;
        }
        pageSize = 4096;
        physicalAddress = table | (virtualAddress & 0xfff);
        return true;
    }

    /// <summary>
    /// Finds the direct map's base by walking the kernel half: the first mapping of physical
    /// address 0 at a 1 GiB-aligned virtual address (the direct map maps all RAM from 0 upward and
    /// memory KASLR aligns its base to PUD_SIZE: arch/x86/mm/kaslr.c). Null when not found.
    /// </summary>
    public ulong? FindDirectMapBase()
    {
        int topShift = FiveLevel ? 48 : 39;
        for (ulong i = 256; i < 512; i++)
        {
            ulong va = i << topShift;
            va = FiveLevel ? va | 0xfe00000000000000 : va | 0xffff000000000000;
            if (!_memory.TryReadU64(RootPhysical + i * 8, out ulong top) || (top & X86_64Layout.Present) == 0)
                continue;
            if (FirstMapping(top & _entryMask, topShift - 9, va, out ulong firstVa, out ulong firstPa) && firstPa == 0 && (firstVa & ((1UL << 30) - 1)) == 0)
                return firstVa;
        }
        return null;
    }

    /// <summary>Descends through the first present entry at every level (bounded: 512 entries × 5 levels).</summary>
    private bool FirstMapping(ulong table, int shift, ulong baseVa, out ulong va, out ulong pa)
    {
        va = pa = 0;
        for (ulong i = 0; i < 512; i++)
        {
            if (!_memory.TryReadU64(table + i * 8, out ulong entry) || (entry & X86_64Layout.Present) == 0)
                continue;
            ulong here = baseVa | (i << shift);
            ulong next = entry & _entryMask;
            if (shift == 12 || (shift is 30 or 21 && (entry & X86_64Layout.PageSizeBit) != 0))
            {
                va = here;
                pa = next & ~((1UL << shift) - 1);
                return true;
            }
            return FirstMapping(next, shift - 9, here, out va, out pa);
        }
        return false;
    }
}
