using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Formats.Elf;

/// <summary>
/// Physical memory of an ELF vmcore: PT_LOAD segments sorted by p_paddr, binary-searched per read,
/// read straight from the file (no cache needed: no decompression). The p_filesz..p_memsz tail is
/// <see cref="PageState.Excluded"/>: makedumpfile -E ends a segment where a long run of excluded pages
/// begins and records no list of them, so the tail reads as zeros (as crash and drgn read it) but
/// reports "not in the dump", and no extractor parses those zeros as kernel data.
/// </summary>
public sealed class ElfPhysicalMemory : PhysicalMemory
{
    private readonly IByteSource _source;
    private readonly ElfSegment[] _segments;

    /// <summary>Creates the reader over already validated segments.</summary>
    public ElfPhysicalMemory(IByteSource source, IEnumerable<ElfSegment> segments, int pageSize = 4096)
    {
        _source = source;
        _segments = segments.Where(s => s.MemorySize > 0).OrderBy(s => s.PhysicalAddress).ToArray();
        PageSize = pageSize;
    }

    /// <inheritdoc />
    public override int PageSize { get; }

    /// <summary>The PT_LOAD segments, by physical address.</summary>
    public IReadOnlyList<ElfSegment> Segments => _segments;

    /// <inheritdoc />
    public override PageState GetPageState(ulong address)
    {
        int i = Find(address);
        if (i < 0)
            return PageState.Absent;
        var s = _segments[i];
        return address - s.PhysicalAddress < s.FileSize ? PageState.Present : PageState.Excluded;
    }

    /// <inheritdoc />
    protected override int ReadWithinPage(ulong address, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            ulong at = address + (ulong)total;
            int i = Find(at);
            if (i < 0)
                break;
            var s = _segments[i];
            ulong into = at - s.PhysicalAddress;
            if (into >= s.FileSize)
                break;
            int n = (int)Math.Min((ulong)(destination.Length - total), s.FileSize - into);
            int got = _source.Read(s.FileOffset + (long)into, destination.Slice(total, n));
            total += got;
            if (got < n)
                break;
        }
        return total;
    }

    /// <summary>Index of the segment containing <paramref name="address"/>, or -1.</summary>
    private int Find(ulong address)
    {
        int lo = 0, hi = _segments.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var s = _segments[mid];
            if (address < s.PhysicalAddress)
                hi = mid - 1;
            else if (address >= s.PhysicalEnd)
                lo = mid + 1;
            else
                return mid;
        }
        return -1;
    }
}
