namespace Crashdesk.Analysis.Memory;

/// <summary>
/// A range of memory read page by page, keeping what the dump holds and remembering which parts
/// it does not: the kernel log lives in rings of hundreds of KiB, and a dump cut (or with pages
/// excluded) in the middle of them still holds most records. <see cref="MemoryReaderExtensions.ReadExactly"/>
/// would throw away all of it for one missing page.
/// </summary>
public sealed class PresentBytes
{
    /// <summary>Granularity of a skip over missing memory: x86_64 pages (a dump holds or lacks whole pages).</summary>
    private const int PageSize = 4096;

    private readonly List<(long Start, long End)> _missing;

    private PresentBytes(ulong address, byte[] bytes, List<(long Start, long End)> missing)
    {
        Address = address;
        Bytes = bytes;
        _missing = missing;
    }

    /// <summary>The address of <see cref="Bytes"/>[0].</summary>
    public ulong Address { get; }

    /// <summary>The bytes; those in a missing range are zero and must not be used.</summary>
    public byte[] Bytes { get; }

    /// <summary>Byte ranges [Start, End) of <see cref="Bytes"/> the dump does not hold, in order, merged.</summary>
    public IReadOnlyList<(long Start, long End)> Missing => _missing;

    /// <summary>True when the dump held every byte.</summary>
    public bool IsComplete => _missing.Count == 0;

    /// <summary>True when no byte of [<paramref name="offset"/>, +<paramref name="count"/>) was read.</summary>
    public bool IsMissingAll(long offset, long count)
    {
        foreach (var (start, end) in _missing)
            if (start <= offset && offset + count <= end)
                return true;
        return false;
    }

    /// <summary>True when every byte of [<paramref name="offset"/>, +<paramref name="count"/>) is inside <see cref="Bytes"/> and was read.</summary>
    public bool IsPresent(long offset, long count)
    {
        if (offset < 0 || count < 0 || offset > Bytes.LongLength - count)
            return false;
        foreach (var (start, end) in _missing)
        {
            if (start >= offset + count)
                break;
            if (end > offset)
                return false;
        }
        return true;
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes at <paramref name="address"/>, skipping to the next page
    /// whenever a read stops at memory the dump does not hold. The loop advances by at least one
    /// byte per turn, so it ends after at most two turns per page.
    /// </summary>
    public static PresentBytes Read(IMemoryReader memory, ulong address, long length, string what)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (length < 0 || length > Array.MaxLength || (ulong)length > ulong.MaxValue - address)
            throw new DumpFormatException($"{what} at 0x{address:x}: {length} bytes cannot be read (negative, larger than an array or past the end of the address space)");
        var bytes = new byte[length];
        var missing = new List<(long Start, long End)>();
        long at = 0;
        while (at < length)
        {
            int n = memory.Read(address + (ulong)at, bytes.AsSpan((int)at));
            if (n > 0)
            {
                at += n;
                continue;
            }
            long next = Math.Min(length, at + (PageSize - (long)((address + (ulong)at) % PageSize)));
            if (missing.Count > 0 && missing[^1].End == at)
                missing[^1] = (missing[^1].Start, next);
            else
                missing.Add((at, next));
            at = next;
        }
        return new PresentBytes(address, bytes, missing);
    }
}
