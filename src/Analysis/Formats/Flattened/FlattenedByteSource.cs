using System.Buffers.Binary;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Flattened;

/// <summary>
/// Presents a makedumpfile flattened stream (-F, also QEMU's dump-guest-memory kdump output) as
/// the file `makedumpfile -R` would reassemble, without copying: the records are indexed once at
/// open and each read binary-searches that index. Layout: makedumpfile.h (struct
/// makedumpfile_header, 4096 bytes; then struct makedumpfile_data_header {int64 offset, buf_size}
/// big-endian + data, repeated; offset = buf_size = -1 ends the stream).
/// </summary>
public sealed class FlattenedByteSource : IByteSource
{
    /// <summary>Size of the stream header (MAX_SIZE_MDF_HEADER).</summary>
    public const int HeaderSize = 4096;

    private static readonly byte[] Signature = "makedumpfile\0"u8.ToArray();
    private readonly IByteSource _stream;
    private readonly FlattenedExtent[] _extents;

    private FlattenedByteSource(IByteSource stream, FlattenedExtent[] extents, bool truncated, int records)
    {
        _stream = stream;
        _extents = extents;
        Truncated = truncated;
        RecordCount = records;
        Length = extents.Length == 0 ? 0 : extents.Max(e => e.LogicalEnd);
    }

    /// <inheritdoc />
    public string Name => _stream.Name;

    /// <summary>Length of the reassembled file.</summary>
    public long Length { get; }

    /// <summary>The stream ended without its end marker (a cut upload or a full disk).</summary>
    public bool Truncated { get; }

    /// <summary>Data records indexed.</summary>
    public int RecordCount { get; }

    /// <summary>True when the source starts with the flattened signature (type 1).</summary>
    public static bool IsFlattened(IByteSource source)
    {
        Span<byte> head = stackalloc byte[24];
        if (!source.TryReadExactly(0, head) || !head[..Signature.Length].SequenceEqual(Signature))
            return false;
        return BinaryPrimitives.ReadInt64BigEndian(head[16..]) == 1; // TYPE_FLAT_HEADER
    }

    /// <summary>Indexes a flattened stream; throws <see cref="DumpFormatException"/> when a record header is corrupt.</summary>
    public static FlattenedByteSource Open(IByteSource stream, AnalysisLimits? limits = null)
    {
        limits ??= AnalysisLimits.Default;
        if (!IsFlattened(stream))
            throw new DumpFormatException($"{stream.Name}: not a makedumpfile flattened stream");
        long version = stream.TryReadInt64BigEndian(24) ?? 0;
        if (version != 1)
            throw DumpFormatException.ForField("flattened", "makedumpfile_header.version", version, 24, "only version 1 exists (VERSION_FLAT_HEADER)");

        var records = new List<FlattenedExtent>();
        long pos = HeaderSize;
        bool truncated = true;
        Span<byte> head = stackalloc byte[16];
        while (stream.TryReadExactly(pos, head))
        {
            long offset = BinaryPrimitives.ReadInt64BigEndian(head);
            long size = BinaryPrimitives.ReadInt64BigEndian(head[8..]);
            if (offset == -1 && size == -1)
            {
                truncated = false; // END_FLAG_FLAT_HEADER
                break;
            }
            if (offset < 0)
                throw DumpFormatException.ForField("flattened", "makedumpfile_data_header.offset", offset, pos, "negative offset");
            if (size < 0 || size > stream.Length)
                throw DumpFormatException.ForField("flattened", "makedumpfile_data_header.buf_size", size, pos + 8, "impossible record size");
            if (records.Count >= limits.MaxFlattenedRecords)
                throw DumpFormatException.ForField("flattened", "record count", records.Count, pos, $"the flattened stream holds more data records than the engine indexes (a limit of {limits.MaxFlattenedRecords} records)");
            long dataAt = pos + 16;
            long available = Math.Min(size, stream.Length - dataAt);
            if (available > 0 && offset <= long.MaxValue - available)
                records.Add(new FlattenedExtent(offset, available, dataAt));
            if (available < size)
                break; // cut inside a record: keep what is there
            pos = dataAt + size;
        }
        return new FlattenedByteSource(stream, FlattenedIndexBuilder.Build(records), truncated, records.Count);
    }

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Length || destination.IsEmpty)
            return 0;
        int wanted = (int)Math.Min(destination.Length, Length - offset);
        int total = 0;
        int i = FindExtent(offset);
        while (total < wanted)
        {
            long at = offset + total;
            while (i < _extents.Length && _extents[i].LogicalEnd <= at)
                i++;
            if (i >= _extents.Length)
                break;
            var e = _extents[i];
            if (e.LogicalOffset > at)
            {
                // A hole: -R leaves it as zeros (a sparse region of the reassembled file).
                int gap = (int)Math.Min(e.LogicalOffset - at, wanted - total);
                destination.Slice(total, gap).Clear();
                total += gap;
                continue;
            }
            int n = (int)Math.Min(e.LogicalEnd - at, wanted - total);
            int got = _stream.Read(e.StreamOffset + (at - e.LogicalOffset), destination.Slice(total, n));
            total += got;
            if (got < n)
                break;
        }
        return total;
    }

    /// <summary>Index of the last extent starting at or before <paramref name="offset"/> (or 0).</summary>
    private int FindExtent(long offset)
    {
        int lo = 0, hi = _extents.Length - 1, found = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_extents[mid].LogicalOffset <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    /// <summary>Disposes the underlying stream.</summary>
    public void Dispose() => _stream.Dispose();
}
