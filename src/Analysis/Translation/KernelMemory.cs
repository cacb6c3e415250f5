using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Translation;

/// <summary>
/// The crashed kernel's virtual address space: every read is translated page by page and served
/// from <see cref="Physical"/>. Unmapped or excluded pages end the read (see <see cref="IMemoryReader.Read"/>).
/// </summary>
public sealed class KernelMemory : IMemoryReader
{
    /// <summary>Creates the view.</summary>
    public KernelMemory(PhysicalMemory physical, IAddressTranslator translator)
    {
        Physical = physical;
        Translator = translator;
    }

    /// <summary>The physical memory underneath.</summary>
    public PhysicalMemory Physical { get; }

    /// <summary>The address translator.</summary>
    public IAddressTranslator Translator { get; }

    /// <summary>Translates one address; false when unmapped.</summary>
    public bool TryTranslate(ulong virtualAddress, out ulong physicalAddress) =>
        Translator.TryTranslate(virtualAddress, out physicalAddress, out _);

    /// <inheritdoc />
    public int Read(ulong address, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            ulong va = address + (ulong)total;
            if (va < address)
                break;
            if (!Translator.TryTranslate(va, out ulong pa, out _))
                break;
            // Stay within one 4 KiB page: contiguous virtual pages need not be contiguous physically.
            int want = Math.Min(4096 - (int)(va & 0xfff), destination.Length - total);
            int n = Physical.Read(pa, destination.Slice(total, want));
            total += n;
            if (n < want)
                break;
        }
        return total;
    }
}
