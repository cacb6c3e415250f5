using System.Buffers.Binary;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Formats;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Memory;

/// <summary>
/// Walks every struct page of the SPARSEMEM page array the way crash 8.0.2's
/// dump_mem_map_SPARSEMEM() does for `kmem -i`: PG_slab pages are SLAB; pages that are not
/// PG_reserved and have _refcount &gt; 1 are SHARED. Sections come from VMCOREINFO's
/// mem_section (kernel/crash_core.c: SYMBOL/LENGTH/SIZE(mem_section), SECTION_SIZE_BITS);
/// each section's mem_map is encoded as (map − section start pfn) with flag bits in the low
/// bits (include/linux/mmzone.h sparse_encode_mem_map(), SECTION_HAS_MEM_MAP).
/// </summary>
public static class PageArrayCensus
{
    private const ulong SectionHasMemMap = 1UL << 1;
    private const ulong SectionFlagMask = 0x3f; // below struct page alignment; covers SECTION_MAP_LAST_BIT (4 or 5)

    /// <summary>
    /// SLAB and SHARED page counts. A page array that a truncated dump cannot give whole (a mem_section
    /// root, a section entry or part of a section's struct pages in the part cut off) throws: counting what
    /// happened to be readable would print an undercount as if it were the kernel's.
    /// </summary>
    public static (long Slab, long Shared) Count(KernelContext context, CancellationToken cancellationToken)
    {
        var info = context.Target.VmcoreInfo;
        var types = context.Types;
        var memory = context.Target.KernelMemory;
        ulong roots = info.Symbol("mem_section") ?? throw new NotSupportedException("VMCOREINFO has no SYMBOL(mem_section) (not SPARSEMEM)");
        long rootCount = info.Length("mem_section") ?? throw new NotSupportedException("VMCOREINFO has no LENGTH(mem_section)");
        long sectionSize = info.Size("mem_section") ?? 16;
        long sectionBits = info.Number("SECTION_SIZE_BITS") ?? throw new NotSupportedException("VMCOREINFO has no NUMBER(SECTION_SIZE_BITS)");
        int pageSize = info.PageSize is { } ps and > 0 ? (int)ps : 4096;
        int pageShift = global::System.Numerics.BitOperations.Log2((uint)pageSize);
        if (rootCount is <= 0 or > 1 << 20 || sectionSize is <= 0 or > 4096 || sectionBits - pageShift is < 0 or > 24)
            throw new DumpFormatException($"mem_section geometry is implausible: {rootCount} roots, {sectionSize}-byte sections, SECTION_SIZE_BITS {sectionBits}");
        long perRoot = pageSize / sectionSize;
        long pagesPerSection = 1L << (int)(sectionBits - pageShift);
        int structPage = (int)types.RequireSize("page");
        int flagsOffset = (int)types.RequireOffset("page", "flags");
        int countOffset = (int)(types.OffsetOf("page", "_refcount") ?? types.RequireOffset("page", "_count"));
        int pgSlab = (int)(info.Number("PG_slab") ?? PageFlag(context, "PG_slab"));
        int pgReserved = (int)PageFlag(context, "PG_reserved");

        long slab = 0, shared = 0, sections = 0, lost = 0;
        byte[] buffer = new byte[checked((int)(pagesPerSection * structPage))];
        for (long r = 0; r < rootCount; r++)
        {
            if (!memory.TryReadU64(roots + (ulong)(r * 8), out ulong root))
            {
                lost += perRoot;
                continue;
            }
            if (root == 0)
                continue;
            for (long i = 0; i < perRoot; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!memory.TryReadU64(root + (ulong)(i * sectionSize), out ulong coded))
                {
                    lost++;
                    continue;
                }
                if ((coded & SectionHasMemMap) == 0)
                    continue;
                sections++;
                long sectionNr = r * perRoot + i;
                ulong map = unchecked((coded & ~SectionFlagMask) + (ulong)(sectionNr * pagesPerSection * structPage));
                int n = memory.Read(map, buffer);
                if (n < buffer.Length)
                    lost++;
                for (int off = 0; off + structPage <= n; off += structPage)
                {
                    ulong flags = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(off + flagsOffset));
                    int count = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(off + countOffset));
                    if ((flags >> pgSlab & 1) != 0)
                        slab++;
                    if ((flags >> pgReserved & 1) == 0 && count > 1)
                        shared++;
                }
            }
        }
        // A filtered dump leaves out pages makedumpfile excluded (a struct page array page that is all zeros
        // is a zero page at dump level 1 and up), and crash counts what it reads, as here; a truncated one lost
        // them with the rest of the file, so the counts would be wrong.
        if (lost > 0 && context.Target.FileInfo.Truncated)
            throw new DumpFormatException(
                $"the page array could not be read whole: {lost} memory section(s) missing or cut short beside {sections} read (SHARED and SLAB would be undercounts): {TruncationNote.Text}");
        return (slab, shared);
    }

    private static long PageFlag(KernelContext context, string name)
    {
        if (context.Types.TryFind("enum pageflags", out var e))
            foreach (var v in e.Resolved.Enumerators)
                if (v.Name == name)
                    return v.Value;
        throw new NotSupportedException($"the kernel's types have no enum pageflags {name}");
    }
}
