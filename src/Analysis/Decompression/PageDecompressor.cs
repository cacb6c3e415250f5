using System.IO.Compression;

namespace Crashdesk.Analysis.Decompression;

/// <summary>
/// Decompresses one dump page. zlib goes through the BCL; lzo, snappy and zstd through the
/// system libraries (P/Invoke), which fail with a <see cref="NotSupportedException"/> naming the
/// Debian package to install when missing.
/// </summary>
public static class PageDecompressor
{
    /// <summary>
    /// Decompresses <paramref name="source"/> into <paramref name="destination"/>, which must
    /// receive exactly destination.Length bytes (a page). Throws <see cref="InvalidDataException"/>
    /// when the data does not decompress to a whole page.
    /// </summary>
    public static void Decompress(PageCompression compression, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int produced = compression switch
        {
            PageCompression.None => CopyRaw(source, destination),
            PageCompression.Zlib => Zlib(source, destination),
            PageCompression.Lzo => NativeCodecs.Lzo(source, destination),
            PageCompression.Snappy => NativeCodecs.Snappy(source, destination),
            PageCompression.Zstd => NativeCodecs.Zstd(source, destination),
            _ => throw new NotSupportedException($"page compression {compression}"),
        };
        if (produced != destination.Length)
            throw new InvalidDataException($"it decompressed to {produced} bytes, not a page of {destination.Length}");
    }

    private static int CopyRaw(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return source.Length;
    }

    private static int Zlib(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // makedumpfile writes each page with compress2(): a zlib (RFC 1950) stream. The BCL's own
        // message for a bad one ("The archive entry was compressed using an unsupported compression
        // method") speaks of archives: say what is wrong with the page instead.
        try
        {
            return ZlibInflate(source, destination);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException(source.Length >= 2 && (source[0] & 0x0f) != 8
                ? $"not a zlib stream (its header byte 0x{source[0]:x2} names compression method {source[0] & 0x0f}, zlib's deflate is 8)"
                : "the zlib stream is corrupt (its deflate data or checksum is wrong)");
        }
    }

    private static unsafe int ZlibInflate(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* p = source)
        {
            using var input = new UnmanagedMemoryStream(p, source.Length);
            using var z = new ZLibStream(input, CompressionMode.Decompress);
            int total = 0;
            while (total < destination.Length)
            {
                int n = z.Read(destination[total..]);
                if (n == 0)
                    break;
                total += n;
            }
            if (total == destination.Length)
            {
                Span<byte> probe = stackalloc byte[1];
                if (z.Read(probe) != 0)
                    return total + 1; // more data than a page: corrupt
            }
            return total;
        }
    }
}
