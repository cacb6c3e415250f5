namespace Crashdesk.Analysis.Memory;

/// <summary>
/// Physical memory of one dump (ELF segments or kdump pages). Reads stop at the first page that
/// is not present; <see cref="GetPageState"/> says why.
/// </summary>
public abstract class PhysicalMemory : IMemoryReader
{
    /// <summary>Page size of the dumped machine (bytes, a power of two).</summary>
    public abstract int PageSize { get; }

    /// <summary>The state of the page holding physical address <paramref name="address"/>.</summary>
    public abstract PageState GetPageState(ulong address);

    /// <inheritdoc />
    public int Read(ulong address, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            ulong at = address + (ulong)total;
            if (at < address)
                break; // wrapped past the top of the address space
            int inPage = PageSize - (int)(at & (ulong)(PageSize - 1));
            int want = Math.Min(inPage, destination.Length - total);
            int n = ReadWithinPage(at, destination.Slice(total, want));
            total += n;
            if (n < want)
                break;
        }
        return total;
    }

    /// <summary>
    /// Like <see cref="Read"/> but reads excluded pages as zeros (what crash and drgn show).
    /// Returns the number of bytes that really came from the dump; absent memory still stops the read.
    /// </summary>
    public int ReadZeroFilled(ulong address, Span<byte> destination, out int bytesFromDump)
    {
        int total = 0;
        bytesFromDump = 0;
        while (total < destination.Length)
        {
            ulong at = address + (ulong)total;
            if (at < address)
                break;
            int inPage = PageSize - (int)(at & (ulong)(PageSize - 1));
            int want = Math.Min(inPage, destination.Length - total);
            var slice = destination.Slice(total, want);
            int n = ReadWithinPage(at, slice);
            if (n == want)
            {
                bytesFromDump += n;
            }
            else if (GetPageState(at) == PageState.Excluded)
            {
                slice.Clear();
            }
            else
            {
                bytesFromDump += n;
                total += n;
                break;
            }
            total += want;
        }
        return total;
    }

    /// <summary>Reads bytes that all lie inside one page; returns 0 when that page is not present.</summary>
    protected abstract int ReadWithinPage(ulong address, Span<byte> destination);
}
