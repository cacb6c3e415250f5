namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>How an uploaded archive is compressed, told by its first bytes (never by its name: an upload's name is whatever the browser sent).</summary>
internal enum ArchiveCompression
{
    /// <summary>Not an archive we read.</summary>
    Unknown,
    /// <summary>A plain tar (a valid header checksum in the first 512 bytes).</summary>
    None,
    /// <summary>xz: FD 37 7A 58 5A 00 (the .xz file format, section 2.1.1.1). sos's default.</summary>
    Xz,
    /// <summary>gzip: 1F 8B (RFC 1952, section 2.3.1). sos's fallback when xz is missing.</summary>
    Gzip,
    /// <summary>bzip2: "BZh" and a block size digit 1–9 (older sosreport versions, <c>-z bzip2</c>).</summary>
    Bzip2,
    /// <summary>zstd: 28 B5 2F FD (RFC 8878, section 3.1.1): recognised only to say it is not supported.</summary>
    Zstd,
    /// <summary>zip: "PK" 03 04: recognised only to say a sosreport is a tar archive.</summary>
    Zip,
}

/// <summary>Reads <see cref="ArchiveCompression"/> from an archive's first bytes.</summary>
internal static class ArchiveSniffer
{
    /// <summary>Bytes to read before deciding (a whole tar header block, for the plain-tar check).</summary>
    public const int HeadLength = TarStreamReader.BlockSize;

    /// <summary>Why an archive compressed so is not read as a sosreport (naming <paramref name="file"/>), or null when it is read.</summary>
    public static string? Refusal(ArchiveCompression compression, string file) => compression switch
    {
        ArchiveCompression.Unknown => $"{file} is not a sosreport: not a tar archive (xz, gzip, bzip2 or plain tar)",
        ArchiveCompression.Zip => $"{file} is not a sosreport: a zip archive, not a tar archive (xz, gzip, bzip2 or plain tar)",
        ArchiveCompression.Zstd => $"{file} is zstd-compressed, which is not read here: a sosreport is read from xz, gzip, bzip2 or plain tar",
        _ => null,
    };

    public static ArchiveCompression Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
            return ArchiveCompression.Xz;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
            return ArchiveCompression.Gzip;
        if (head.Length >= 4 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9')
            return ArchiveCompression.Bzip2;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
            return ArchiveCompression.Zstd;
        if (head.StartsWith("PK\x03\x04"u8))
            return ArchiveCompression.Zip;
        if (head.Length >= TarStreamReader.BlockSize && TarHeader.ChecksumMatches(head[..TarStreamReader.BlockSize]))
            return ArchiveCompression.None;
        return ArchiveCompression.Unknown;
    }

    /// <summary>The compression's name in messages ("xz", "gzip").</summary>
    public static string Name(ArchiveCompression compression) => compression switch
    {
        ArchiveCompression.Xz => "xz",
        ArchiveCompression.Gzip => "gzip",
        ArchiveCompression.Bzip2 => "bzip2",
        ArchiveCompression.Zstd => "zstd",
        ArchiveCompression.Zip => "zip",
        ArchiveCompression.None => "tar",
        _ => "unknown",
    };
}
