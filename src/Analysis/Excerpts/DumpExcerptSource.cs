using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Excerpts;

/// <summary>
/// The dump an excerpt was cut from, as a byte source of the dump's length: reads inside the excerpt's
/// ranges are served from it; a read that reaches bytes the excerpt lacks stops there, as a cut file
/// ends, so the engine treats them as it treats a truncated dump (named, never read as zeros).
/// </summary>
public sealed class DumpExcerptSource : IByteSource
{
    private readonly IByteSource _container;
    private readonly long[] _offsets;
    private readonly long[] _lengths;
    private readonly long[] _dataAt;

    private DumpExcerptSource(IByteSource container, string dumpName, long dumpLength, long[] offsets, long[] lengths, long[] dataAt)
    {
        _container = container;
        DumpFileName = dumpName;
        Length = dumpLength;
        _offsets = offsets;
        _lengths = lengths;
        _dataAt = dataAt;
    }

    /// <summary>The name of the dump the excerpt was cut from.</summary>
    public string DumpFileName { get; }

    /// <summary>The excerpt's name, and the dump's.</summary>
    public string Name => $"{_container.Name} (excerpt of {DumpFileName})";

    /// <summary>The dump's length.</summary>
    public long Length { get; }

    /// <summary>Bytes of the dump the excerpt holds.</summary>
    public long BytesPresent => _lengths.Sum();

    /// <summary>How many ranges it holds.</summary>
    public int RangeCount => _offsets.Length;

    /// <summary>Reads the excerpt's table; null when <paramref name="container"/> is no excerpt. Throws <see cref="DumpFormatException"/> for a corrupt one.</summary>
    public static DumpExcerptSource? TryOpen(IByteSource container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!DumpExcerpt.IsExcerpt(container))
            return null;
        Span<byte> header = stackalloc byte[DumpExcerpt.HeaderBytes];
        container.ReadExactly(0, header, "excerpt header");
        long dumpLength = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        int nameBytes = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        string where = $"{container.Name}: dump excerpt";
        if (dumpLength <= 0)
            throw new DumpFormatException($"{where}: the dump length {dumpLength} is not positive");
        if (count is < 0 or > DumpExcerpt.MaxRanges)
            throw new DumpFormatException($"{where}: {count} ranges, outside 0..{DumpExcerpt.MaxRanges}");
        if (nameBytes is < 0 or > DumpExcerpt.MaxNameBytes)
            throw new DumpFormatException($"{where}: a file name of {nameBytes} bytes, outside 0..{DumpExcerpt.MaxNameBytes}");
        long tableEnd = DumpExcerpt.HeaderBytes + 16L * count + nameBytes;
        if (tableEnd > container.Length)
            throw new DumpFormatException($"{where}: its table ends at byte {tableEnd}, past the file's {container.Length} bytes");
        var table = new byte[16 * count + nameBytes];
        container.ReadExactly(DumpExcerpt.HeaderBytes, table, "excerpt table");
        var offsets = new long[count];
        var lengths = new long[count];
        var dataAt = new long[count];
        long data = tableEnd, previousEnd = -1;
        for (int i = 0; i < count; i++)
        {
            long offset = BinaryPrimitives.ReadInt64LittleEndian(table.AsSpan(16 * i));
            long length = BinaryPrimitives.ReadInt64LittleEndian(table.AsSpan(16 * i + 8));
            if (length <= 0 || offset < 0 || offset > dumpLength - length)
                throw new DumpFormatException($"{where}: range {i} ({offset}+{length}) is not inside the dump's {dumpLength} bytes");
            if (offset <= previousEnd)
                throw new DumpFormatException($"{where}: range {i} at {offset} is not after the end of range {i - 1} at {previousEnd}");
            offsets[i] = offset;
            lengths[i] = length;
            dataAt[i] = data;
            data += length;
            previousEnd = offset + length;
        }
        if (data != container.Length)
            throw new DumpFormatException($"{where}: its ranges hold {data - tableEnd} bytes but the file has {container.Length - tableEnd} after its table (cut or padded)");
        string name = Encoding.UTF8.GetString(table.AsSpan(16 * count, nameBytes));
        return new DumpExcerptSource(container, DumpText.Escape(Path.GetFileName(name)), dumpLength, offsets, lengths, dataAt);
    }

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Length || destination.IsEmpty)
            return 0;
        // The range holding offset: the last one starting at or before it.
        int i = Array.BinarySearch(_offsets, offset);
        if (i < 0)
            i = ~i - 1;
        if (i < 0 || offset >= _offsets[i] + _lengths[i])
            return 0;
        long available = _offsets[i] + _lengths[i] - offset;
        int n = (int)Math.Min(destination.Length, available);
        return _container.Read(_dataAt[i] + (offset - _offsets[i]), destination[..n]);
    }

    /// <inheritdoc />
    public void Dispose() => _container.Dispose();
}
