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
            throw new InvalidDataException($"{compression} data decompressed to {produced} bytes, expected {destination.Length}");
    }

    private static int CopyRaw(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return source.Length;
    }

    private static unsafe int Zlib(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // makedumpfile writes each page with compress2(): a zlib (RFC 1950) stream.
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
