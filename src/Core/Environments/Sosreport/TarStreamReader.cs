using System.Globalization;
using System.Text;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// A forward-only tar reader over a (decompressed) stream: one header at a time, data read or skipped,
/// never a seek, never a file. Our own rather than SharpCompress's TarReader, which (0.50.8) ends the
/// archive silently at a damaged header or a cut at a block boundary, returns a cut member's data
/// short without a word, cannot tell a symbolic from a hard link, and misreads GNU sparse headers
/// (losing the real size a 10 GB sparse member declares). Here every one of those is an error with
/// the member's name, and the declared sizes are known from the header before any data is read.
/// Synchronous: it runs on <see cref="SosreportScan"/>'s own thread, over a decompressor fed from a pipe.
/// Formats: POSIX ustar and pax (path, linkpath, size, GNU.sparse.*), GNU (long names 'L'/'K',
/// base-256 sizes, old sparse 'S' with extension blocks), old v7 headers.
/// </summary>
internal sealed class TarStreamReader(Stream stream, CancellationToken cancellationToken)
{
    public const int BlockSize = 512;

    /// <summary>Largest GNU long name or pax header kept: Linux's PATH_MAX is 4096; 64 KiB is SharpCompress's cap for pax headers too.</summary>
    private const int MaxMetadataBytes = 64 * 1024;

    /// <summary>Most extended headers (long name, long link, pax) before one member: tar writes at most three.</summary>
    private const int MaxMetadataHeaders = 16;

    /// <summary>Most GNU sparse extension blocks of one member (21 holes each): far beyond any real sparse map.</summary>
    private const int MaxSparseExtensionBlocks = 4096;

    private readonly byte[] buffer = new byte[64 * 1024];
    private readonly byte[] block = new byte[BlockSize];
    private int bufferStart, bufferEnd;
    private bool endOfStream;
    private long dataRemaining, paddingRemaining;
    private int headersRead;

    /// <summary>The last member read (for "after member …" in messages); null before the first.</summary>
    public TarEntry? Current { get; private set; }

    /// <summary>The next member, or null at the end-of-archive marker (a zero block). Skips what is left of the current member's data.</summary>
    public TarEntry? Next()
    {
        SkipData();
        string? longName = null, longLink = null;
        PaxRecords? pax = null;
        for (int metadata = 0; ; metadata++)
        {
            if (metadata > MaxMetadataHeaders)
                throw new ArchiveProblemException($"more than {MaxMetadataHeaders} extended tar headers follow each other {After()}: the archive is damaged");
            int n = Read(block);
            bool first = headersRead++ == 0;
            if (n < BlockSize)
            {
                if (first)
                    throw new ArchiveProblemException("not a tar archive", notTar: true);
                throw new ArchiveProblemException(Current is null
                    ? "the archive ends inside its first tar header (the file is truncated)"
                    : $"the archive ends {After()} without the tar end-of-archive marker (the file is truncated)");
            }
            if (TarHeader.IsZero(block))
            {
                if (first)
                    throw new ArchiveProblemException("the tar archive holds no members");
                if (metadata > 0)
                    throw new ArchiveProblemException($"an extended tar header {After()} is followed by the end of the archive: the archive is damaged");
                Current = null;
                return null;
            }
            if (!TarHeader.ChecksumMatches(block))
            {
                if (first)
                    throw new ArchiveProblemException("not a tar archive", notTar: true);
                throw new ArchiveProblemException($"the tar header {After()} is damaged (its checksum does not match)");
            }
            long size = TarHeader.ParseNumber(block.AsSpan(TarHeader.SizeOffset, TarHeader.SizeLength))
                ?? throw new ArchiveProblemException($"the tar header {After()} has no valid size: the archive is damaged");
            byte type = block[TarHeader.TypeOffset];
            switch (type)
            {
                case (byte)'L':
                    longName = TarHeader.ReadString(ReadMetadata(size, "long name"));
                    continue;
                case (byte)'K':
                    longLink = TarHeader.ReadString(ReadMetadata(size, "long link name"));
                    continue;
                case (byte)'x':
                    pax = PaxRecords.Parse(ReadMetadata(size, "pax header"), pax)
                        ?? throw new ArchiveProblemException($"the pax extended header {After()} is damaged");
                    continue;
                case (byte)'g':
                    // Global pax records set defaults for every later member; a path or size from one would
                    // be an odd archive indeed. Read and checked, not applied.
                    _ = PaxRecords.Parse(ReadMetadata(size, "pax global header"), null)
                        ?? throw new ArchiveProblemException($"the pax global header {After()} is damaged");
                    continue;
            }
            return Current = Entry(type, size, longName, longLink, pax);
        }
    }

    private TarEntry Entry(byte type, long size, string? longName, string? longLink, PaxRecords? pax)
    {
        string name = pax?.Path ?? longName ?? TarHeader.ReadPath(block);
        string linkName = pax?.LinkPath ?? longLink ?? TarHeader.ReadString(block.AsSpan(TarHeader.LinkNameOffset, TarHeader.LinkNameLength));
        if (pax?.Size is { } paxSize)
            size = paxSize;
        var kind = type switch
        {
            (byte)'1' => TarEntryKind.HardLink,
            (byte)'2' => TarEntryKind.SymbolicLink,
            (byte)'5' => TarEntryKind.Directory,
            (byte)'3' or (byte)'4' or (byte)'6' => TarEntryKind.Special,
            _ => TarEntryKind.File,
        };
        if (kind != TarEntryKind.File)
        {
            // Links, directories and devices carry no data, whatever the size field says (as Python's tarfile and GNU tar read them).
            dataRemaining = paddingRemaining = 0;
            return new TarEntry(name, kind, 0, 0, kind is TarEntryKind.SymbolicLink or TarEntryKind.HardLink ? linkName : null, false);
        }
        if (size > long.MaxValue / 2)
            throw new ArchiveProblemException($"member \"{ArchivePath.Display(name)}\" declares an impossible size ({size} bytes): the archive is damaged");
        long declared = size;
        bool sparse = pax?.IsSparse == true;
        if (pax?.SparseRealSize is { } paxReal)
            declared = Math.Max(declared, paxReal);
        if (type == (byte)'S')
        {
            sparse = true;
            long real = TarHeader.ParseNumber(block.AsSpan(TarHeader.GnuRealSizeOffset, TarHeader.GnuRealSizeLength))
                ?? throw new ArchiveProblemException($"the GNU sparse header of member \"{ArchivePath.Display(name)}\" has no valid size: the archive is damaged");
            declared = Math.Max(declared, real);
            // The old GNU sparse map continues in extension blocks before the data (GNU tar manual, "Old GNU Format").
            bool extended = block[TarHeader.GnuIsExtendedOffset] != 0;
            for (int i = 0; extended; i++)
            {
                if (i >= MaxSparseExtensionBlocks)
                    throw new ArchiveProblemException($"the sparse map of member \"{ArchivePath.Display(name)}\" goes on for more than {MaxSparseExtensionBlocks} blocks: the archive is damaged");
                if (Read(block) < BlockSize)
                    throw new ArchiveProblemException($"the archive ends inside the sparse map of member \"{ArchivePath.Display(name)}\" (the file is truncated)");
                extended = block[TarHeader.GnuExtensionIsExtendedOffset] != 0;
            }
        }
        dataRemaining = size;
        paddingRemaining = Padding(size);
        return new TarEntry(name, TarEntryKind.File, size, declared, null, sparse);
    }

    /// <summary>Reads the current member's data whole (the caller has checked its size).</summary>
    public byte[] ReadData()
    {
        var data = new byte[checked((int)dataRemaining)];
        int n = Read(data);
        dataRemaining -= n;
        if (n < data.Length)
            throw Truncated();
        return data;
    }

    /// <summary>
    /// Reads the next part of the current member's data into <paramref name="destination"/>: the count
    /// read, 0 at the member's end. For members streamed on (an archive unpacked into the store), not kept.
    /// </summary>
    public int ReadDataPart(Span<byte> destination)
    {
        if (dataRemaining == 0 || destination.IsEmpty)
            return 0;
        int n = Read(destination[..(int)Math.Min(destination.Length, dataRemaining)]);
        if (n == 0)
            throw Truncated();
        dataRemaining -= n;
        return n;
    }

    /// <summary>
    /// After the end-of-archive marker: reads on to the end of the stream, so the decompressor checks
    /// the data it has not handed out yet (xz's and gzip's check values come at the end). What follows
    /// the marker is ignored, as tar ignores it; the metering still bounds it.
    /// </summary>
    public void Drain()
    {
        bufferStart = bufferEnd = 0;
        while (!endOfStream)
            Fill();
    }

    private void SkipData()
    {
        long skip = dataRemaining + paddingRemaining;
        bool inData = dataRemaining > 0;
        long skipped = Skip(skip);
        dataRemaining = paddingRemaining = 0;
        if (skipped < skip)
            throw inData ? Truncated() : new ArchiveProblemException($"the archive ends {After()} without the tar end-of-archive marker (the file is truncated)");
    }

    private byte[] ReadMetadata(long size, string what)
    {
        if (size > MaxMetadataBytes)
            throw new ArchiveProblemException($"a tar {what} of {Sizes.Format(size)} {After()} is longer than the {Sizes.Format(MaxMetadataBytes)} allowed");
        var data = new byte[size];
        if (Read(data) < size || Skip(Padding(size)) < Padding(size))
            throw new ArchiveProblemException($"the archive ends inside a tar {what} {After()} (the file is truncated)");
        return data;
    }

    private ArchiveProblemException Truncated() =>
        new($"the archive ends inside member \"{ArchivePath.Display(Current!.Name)}\" (the file is truncated)");

    private string After() => Current is null ? "at the start of the archive" : $"after member \"{ArchivePath.Display(Current.Name)}\"";

    private static long Padding(long size) => (BlockSize - size % BlockSize) % BlockSize;

    /// <summary>Reads until <paramref name="destination"/> is full or the stream ends; the count read.</summary>
    private int Read(Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            if (bufferStart == bufferEnd)
            {
                // A large read goes straight to the destination; small ones (headers) through the buffer.
                if (destination.Length - total >= buffer.Length)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int direct = stream.Read(destination[total..]);
                    if (direct == 0)
                    {
                        endOfStream = true;
                        break;
                    }
                    total += direct;
                    continue;
                }
                if (!Fill())
                    break;
            }
            int n = Math.Min(destination.Length - total, bufferEnd - bufferStart);
            buffer.AsSpan(bufferStart, n).CopyTo(destination[total..]);
            bufferStart += n;
            total += n;
        }
        return total;
    }

    private long Skip(long count)
    {
        long skipped = 0;
        while (skipped < count)
        {
            if (bufferStart == bufferEnd && !Fill())
                break;
            int n = (int)Math.Min(count - skipped, bufferEnd - bufferStart);
            bufferStart += n;
            skipped += n;
        }
        return skipped;
    }

    private bool Fill()
    {
        if (endOfStream)
            return false;
        cancellationToken.ThrowIfCancellationRequested();
        int n = stream.Read(buffer);
        bufferStart = 0;
        bufferEnd = n;
        endOfStream = n == 0;
        return n > 0;
    }

    /// <summary>The pax records we apply (POSIX pax(1) "pax Extended Header"; GNU tar's sparse keywords).</summary>
    private sealed class PaxRecords
    {
        public string? Path { get; private set; }
        public string? LinkPath { get; private set; }
        public long? Size { get; private set; }
        public long? SparseRealSize { get; private set; }
        public bool IsSparse { get; private set; }

        /// <summary>Records "length keyword=value\n"; null when malformed. Later records (and later headers) win.</summary>
        public static PaxRecords? Parse(ReadOnlySpan<byte> data, PaxRecords? into)
        {
            var records = into ?? new PaxRecords();
            while (data.Length > 0 && data[0] != 0)
            {
                int space = data.IndexOf((byte)' ');
                if (space <= 0 || !int.TryParse(data[..space], NumberStyles.None, CultureInfo.InvariantCulture, out int length)
                    || length <= space + 1 || length > data.Length || data[length - 1] != (byte)'\n')
                    return null;
                var record = data[(space + 1)..(length - 1)];
                int equals = record.IndexOf((byte)'=');
                if (equals <= 0)
                    return null;
                string key = Encoding.UTF8.GetString(record[..equals]);
                string value = Encoding.UTF8.GetString(record[(equals + 1)..]);
                if (!records.Apply(key, value))
                    return null;
                data = data[length..];
            }
            return records;
        }

        private bool Apply(string key, string value)
        {
            switch (key)
            {
                case "path":
                    Path = value;
                    break;
                case "linkpath":
                    LinkPath = value;
                    break;
                case "size":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long size))
                        return false;
                    Size = size;
                    break;
                case "GNU.sparse.realsize" or "GNU.sparse.size":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long real))
                        return false;
                    SparseRealSize = real;
                    IsSparse = true;
                    break;
                case "GNU.sparse.name":
                    // Sparse formats 0.1 and 1.0 keep the real name here; the header's is "GNUSparseFile.N/…".
                    Path = value;
                    IsSparse = true;
                    break;
                default:
                    if (key.StartsWith("GNU.sparse.", StringComparison.Ordinal))
                        IsSparse = true;
                    break;
            }
            return true;
        }
    }
}
