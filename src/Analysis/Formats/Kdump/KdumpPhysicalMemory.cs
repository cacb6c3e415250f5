using System.Buffers;
using System.Buffers.Binary;
using Crashdesk.Analysis.Caching;
using Crashdesk.Analysis.Decompression;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Formats.Kdump;

/// <summary>
/// Physical memory of a kdump-compressed file: bitmap rank → page descriptor → (decompressed)
/// page, with an LRU of decompressed pages. Pages missing from the file (excluded by the dump
/// level, never written in an incomplete dump, cut off by truncation) read as not present.
/// </summary>
public sealed class KdumpPhysicalMemory : PhysicalMemory
{
    private readonly IByteSource _source;
    private readonly KdumpBitmap _valid;
    private readonly KdumpBitmap _dumped;
    private readonly long _descriptorBase;
    private readonly int _pageSize;
    private readonly int _pageShift;
    private readonly BoundedLru<ulong, byte[]> _cache; // decompressed pages by page frame number

    internal KdumpPhysicalMemory(IByteSource source, KdumpBitmap valid, KdumpBitmap dumped, long descriptorBase, int pageSize, AnalysisLimits limits)
    {
        _source = source;
        _valid = valid;
        _dumped = dumped;
        _descriptorBase = descriptorBase;
        _pageSize = pageSize;
        _pageShift = System.Numerics.BitOperations.Log2((uint)pageSize);
        _cache = new BoundedLru<ulong, byte[]>(limits.PageCacheEntries);
    }

    /// <inheritdoc />
    public override int PageSize => _pageSize;

    /// <inheritdoc />
    public override PageState GetPageState(ulong address)
    {
        ulong pfn = address >> _pageShift;
        if (_dumped.IsSet(pfn))
            return GetPage(pfn) is null ? PageState.Excluded : PageState.Present;
        return _valid.IsSet(pfn) ? PageState.Excluded : PageState.Absent;
    }

    /// <inheritdoc />
    protected override int ReadWithinPage(ulong address, Span<byte> destination)
    {
        byte[]? page = GetPage(address >> _pageShift);
        if (page is null)
            return 0;
        page.AsSpan((int)(address & (ulong)(_pageSize - 1)), destination.Length).CopyTo(destination);
        return destination.Length;
    }

    /// <summary>The page descriptor of a dumped page, or null when it lies beyond the end of the file.</summary>
    internal KdumpPageDescriptor? ReadDescriptor(ulong pfn, out long descriptorOffset)
    {
        long index = _dumped.Rank(pfn);
        descriptorOffset = checked(_descriptorBase + index * KdumpPageDescriptor.EncodedSize);
        Span<byte> d = stackalloc byte[KdumpPageDescriptor.EncodedSize];
        if (!_source.TryReadExactly(descriptorOffset, d))
            return null;
        return new KdumpPageDescriptor(
            BinaryPrimitives.ReadInt64LittleEndian(d),
            BinaryPrimitives.ReadUInt32LittleEndian(d[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(d[12..]));
    }

    private byte[]? GetPage(ulong pfn)
    {
        if (!_dumped.IsSet(pfn))
            return null;
        if (_cache.TryGet(pfn, out var cached))
            return cached;
        if (ReadDescriptor(pfn, out long at) is not { } pd)
            return null; // the descriptor table is cut off: truncated file
        if (pd.Offset == 0 && pd.Size == 0)
            return null; // never written: an incomplete dump (makedumpfile leaves the descriptor zeroed)
        if (pd.Size == 0 || pd.Size > (uint)_pageSize || pd.Offset <= 0)
            throw DumpFormatException.ForField("kdump", $"page_desc[pfn 0x{pfn:x}]", $"offset 0x{pd.Offset:x} size {pd.Size}", at, $"a page's data must be 1..{_pageSize} bytes at a positive offset");
        if (pd.Offset > _source.Length - pd.Size)
            return null; // data beyond the end of a truncated file
        var compression = (pd.Flags & KdumpHeader.CompressedZlib) != 0 ? PageCompression.Zlib
            : (pd.Flags & KdumpHeader.CompressedLzo) != 0 ? PageCompression.Lzo
            : (pd.Flags & KdumpHeader.CompressedSnappy) != 0 ? PageCompression.Snappy
            : (pd.Flags & KdumpHeader.CompressedZstd) != 0 ? PageCompression.Zstd
            : PageCompression.None;
        if (compression == PageCompression.None && pd.Size != (uint)_pageSize)
            throw DumpFormatException.ForField("kdump", $"page_desc[pfn 0x{pfn:x}].size", pd.Size, at + 8, $"an uncompressed page must be {_pageSize} bytes");
        byte[] page = new byte[_pageSize];
        byte[] raw = ArrayPool<byte>.Shared.Rent((int)pd.Size);
        try
        {
            var data = raw.AsSpan(0, (int)pd.Size);
            if (!_source.TryReadExactly(pd.Offset, data))
                return null;
            PageDecompressor.Decompress(compression, data, page);
        }
        catch (InvalidDataException e)
        {
            throw new DumpFormatException($"kdump: the page of pfn 0x{pfn:x} ({pd.Size} bytes of {PageCompressionNames.Of(compression)} data at file offset 0x{pd.Offset:x}) does not decompress: {e.Message}", e) { Field = "page data", Offset = pd.Offset };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
        _cache.Set(pfn, page);
        return page;
    }
}
