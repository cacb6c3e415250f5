namespace Crashdesk.Analysis.Translation;

/// <summary>
/// Kernel-virtual → physical on x86_64: the kernel image by arithmetic (virtual −
/// __START_KERNEL_map + phys_base, for [__START_KERNEL_map, +KERNEL_IMAGE_SIZE)), the direct map
/// by arithmetic (virtual − page_offset_base), everything else (vmalloc, vmap stacks, modules,
/// fixmap, per-CPU entry areas) by walking the kernel page tables. Thread-safe.
/// </summary>
public sealed class X86_64AddressTranslator : IAddressTranslator
{
    private readonly X86_64PageTableWalker? _walker;
    private readonly ulong _kernelImageSize;
    private readonly Dictionary<ulong, (ulong Physical, ulong Size)> _walkCache = new();
    private readonly Lock _lock = new();
    private const int WalkCacheEntries = 1 << 16;

    /// <summary>Creates the translator.</summary>
    /// <param name="physBase">phys_base: where the kernel image was loaded (signed: may wrap).</param>
    /// <param name="kernelImageSize">NUMBER(KERNEL_IMAGE_SIZE), or 512 MiB.</param>
    /// <param name="directMapBase">page_offset_base, when known.</param>
    /// <param name="walker">The page-table walker, when the top-level table is known.</param>
    public X86_64AddressTranslator(ulong physBase, ulong kernelImageSize, ulong? directMapBase, X86_64PageTableWalker? walker)
    {
        PhysBase = physBase;
        _kernelImageSize = kernelImageSize;
        DirectMapBase = directMapBase;
        _walker = walker;
    }

    /// <summary>phys_base as an unsigned value (two's complement of a negative phys_base).</summary>
    public ulong PhysBase { get; }

    /// <summary>page_offset_base, when known.</summary>
    public ulong? DirectMapBase { get; }

    /// <summary>The walker, when the kernel page tables are known.</summary>
    public X86_64PageTableWalker? Walker => _walker;

    /// <summary>The kernel image mapping only (no page tables needed): used to find the page tables themselves.</summary>
    public bool TryTranslateKernelImage(ulong virtualAddress, out ulong physicalAddress)
    {
        if (virtualAddress >= X86_64Layout.StartKernelMap && virtualAddress - X86_64Layout.StartKernelMap < _kernelImageSize)
        {
            physicalAddress = unchecked(virtualAddress - X86_64Layout.StartKernelMap + PhysBase); // phys_base may be negative (two's complement)
            return true;
        }
        physicalAddress = 0;
        return false;
    }

    /// <inheritdoc />
    public bool TryTranslate(ulong virtualAddress, out ulong physicalAddress, out ulong pageSize)
    {
        if (DirectMapBase is { } pob && virtualAddress >= pob && virtualAddress - pob < X86_64Layout.DirectMapSize(_walker?.FiveLevel ?? false))
        {
            physicalAddress = virtualAddress - pob;
            pageSize = 4096;
            return true;
        }
        if (TryTranslateKernelImage(virtualAddress, out physicalAddress))
        {
            pageSize = 4096;
            return true;
        }
        pageSize = 0;
        if (_walker is null)
            return false;
        ulong page = virtualAddress & ~0xfffUL;
        lock (_lock)
        {
            if (_walkCache.TryGetValue(page, out var hit))
            {
                physicalAddress = hit.Physical | (virtualAddress & 0xfff);
                pageSize = hit.Size;
                return true;
            }
        }
        if (!_walker.TryTranslate(virtualAddress, out physicalAddress, out pageSize))
            return false;
        lock (_lock)
        {
            if (_walkCache.Count >= WalkCacheEntries)
                _walkCache.Clear();
            _walkCache[page] = (physicalAddress & ~0xfffUL, pageSize);
        }
        return true;
    }
}
