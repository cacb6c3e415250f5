using System.IO.Compression;
using Crashdesk.Core.Environments.Sosreport;
using Crashdesk.Core.Storage;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using ZstdDecompressionStream = SharpCompress.Compressors.ZStandard.DecompressionStream;

namespace Crashdesk.Core.Archives;

/// <summary>
/// Opens an uploaded archive as a stream of members, told by its first bytes (never by its name):
/// tar, zip, and gzip/xz/zstd/bzip2 holding either a tar or a single file. Decoders: the BCL's zlib for
/// gzip (native, reads concatenated members as gzip(1) does), SharpCompress for xz, bzip2 and zstd (its
/// managed port of zstd, as the BCL has none: the engine's native libzstd decodes pages, not streams), and
/// SharpCompress's streaming ZipReader. Everything decompressed passes the <see cref="ExpansionMeter"/>.
/// </summary>
internal static class ArchiveOpener
{
    /// <summary>What the first bytes of an upload must be to be unpacked (a tar header or a compression's magic), or why not.</summary>
    public static string? Refusal(ReadOnlySpan<byte> head, string fileName) =>
        ArchiveSniffer.Detect(head) == ArchiveCompression.Unknown
            ? $"{fileName} is not an archive that is unpacked here: its first bytes are none of tar, zip, gzip, xz, zstd or bzip2"
            : null;

    /// <summary>True when <paramref name="head"/> starts an archive or compressed data.</summary>
    public static bool IsArchive(ReadOnlySpan<byte> head) => ArchiveSniffer.Detect(head) != ArchiveCompression.Unknown;

    /// <summary>The archive's members; <paramref name="meter"/> counts what it expands to.</summary>
    /// <exception cref="ArchiveProblemException">Not an archive, or damaged at its start.</exception>
    public static IArchiveEntries Open(Stream source, string fileName, ArchiveLimits limits, CancellationToken cancellationToken, out ExpansionMeter meter)
    {
        var counted = new CountingStream(source);
        var head = new byte[ArchiveSniffer.HeadLength];
        int headLength = counted.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var compression = ArchiveSniffer.Detect(head.AsSpan(0, headLength));
        var prefixed = new PrefixedReadStream(head, headLength, counted);
        meter = new ExpansionMeter(limits, counted, compression != ArchiveCompression.None);
        if (compression == ArchiveCompression.Unknown)
            throw new ArchiveProblemException("its first bytes are none of tar, zip, gzip, xz, zstd or bzip2", notTar: true);
        if (compression == ArchiveCompression.None)
            return new TarEntries(new MeteredReadStream(prefixed, meter), cancellationToken);
        if (compression == ArchiveCompression.Zip)
            return new ZipEntries(prefixed, meter);

        Stream decoder = compression switch
        {
            ArchiveCompression.Xz => new XZStream(prefixed),
            ArchiveCompression.Bzip2 => BZip2Stream.Create(prefixed, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: true),
            ArchiveCompression.Zstd => new ZstdDecompressionStream(prefixed),
            _ => new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: true),
        };
        var decompressed = new MeteredReadStream(decoder, meter);
        // A tar inside (.tar.xz, .tgz) or one compressed file (vmcore.gz): the first 512 decompressed bytes say which.
        var block = new byte[TarStreamReader.BlockSize];
        int blockLength = decompressed.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
        var rest = new PrefixedReadStream(block, blockLength, decompressed);
        return blockLength == block.Length && TarHeader.ChecksumMatches(block)
            ? new TarEntries(rest, cancellationToken)
            : new SingleFileEntries(rest, SingleFileEntries.MemberName(fileName));
    }
}
