using System.Runtime.InteropServices;

namespace Crashdesk.Analysis.Decompression;

/// <summary>
/// P/Invoke bindings to the system decompressors makedumpfile links against
/// (makedumpfile.c: lzo1x_decompress_safe, snappy_uncompress, ZSTD_decompress).
/// </summary>
internal static partial class NativeCodecs
{
    private const string LzoLibrary = "liblzo2.so.2";
    private const string SnappyLibrary = "libsnappy.so.1";
    private const string ZstdLibrary = "libzstd.so.1";

    public static unsafe int Lzo(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        try
        {
            fixed (byte* s = source)
            fixed (byte* d = destination)
            {
                nuint outLen = (nuint)destination.Length;
                // lzo1x_decompress_safe checks bounds on both buffers (LZO_E_OUTPUT_OVERRUN etc.).
                int rc = lzo1x_decompress_safe(s, (nuint)source.Length, d, &outLen, null);
                if (rc != 0)
                    throw new InvalidDataException($"lzo1x_decompress_safe failed with {rc}");
                return (int)outLen;
            }
        }
        catch (DllNotFoundException e)
        {
            throw Missing("lzo", LzoLibrary, "liblzo2-2", e);
        }
    }

    public static unsafe int Snappy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        try
        {
            fixed (byte* s = source)
            fixed (byte* d = destination)
            {
                nuint outLen = (nuint)destination.Length;
                int rc = snappy_uncompress(s, (nuint)source.Length, d, &outLen);
                if (rc != 0)
                    throw new InvalidDataException($"snappy_uncompress failed with status {rc}");
                return (int)outLen;
            }
        }
        catch (DllNotFoundException e)
        {
            throw Missing("snappy", SnappyLibrary, "libsnappy1v5", e);
        }
    }

    public static unsafe int Zstd(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        try
        {
            fixed (byte* s = source)
            fixed (byte* d = destination)
            {
                nuint rc = ZSTD_decompress(d, (nuint)destination.Length, s, (nuint)source.Length);
                if (ZSTD_isError(rc) != 0)
                    throw new InvalidDataException($"ZSTD_decompress failed with error {unchecked((long)rc)}");
                return (int)rc;
            }
        }
        catch (DllNotFoundException e)
        {
            throw Missing("zstd", ZstdLibrary, "libzstd1", e);
        }
    }

    private static NotSupportedException Missing(string codec, string library, string package, Exception inner) =>
        new($"{codec}-compressed pages need {library}, which is not installed (Debian/Ubuntu: apt-get install {package})", inner);

    [LibraryImport(LzoLibrary)]
    private static unsafe partial int lzo1x_decompress_safe(byte* src, nuint srcLen, byte* dst, nuint* dstLen, void* wrkmem);

    [LibraryImport(SnappyLibrary)]
    private static unsafe partial int snappy_uncompress(byte* compressed, nuint compressedLength, byte* uncompressed, nuint* uncompressedLength);

    [LibraryImport(ZstdLibrary)]
    private static unsafe partial nuint ZSTD_decompress(byte* dst, nuint dstCapacity, byte* src, nuint compressedSize);

    [LibraryImport(ZstdLibrary)]
    private static partial uint ZSTD_isError(nuint code);
}
