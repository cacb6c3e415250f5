using System.Buffers.Binary;
using System.IO.Compression;

namespace Crashdesk.Analysis.Binary;

/// <summary>
/// SHF_COMPRESSED section bodies: an `Elf64_Chdr` (ch_type, ch_reserved, ch_size, ch_addralign;
/// elf(5)) followed by a zlib stream (ELFCOMPRESS_ZLIB = 1) or a zstd frame (ELFCOMPRESS_ZSTD = 2,
/// binutils 2.40 `--compress-debug-sections=zstd`).
/// </summary>
public static class CompressedSection
{
    /// <summary>ELFCOMPRESS_ZLIB.</summary>
    public const uint Zlib = 1;

    /// <summary>ELFCOMPRESS_ZSTD.</summary>
    public const uint Zstd = 2;

    /// <summary>Decompresses a section body; <paramref name="what"/> names the section in errors.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> body, string what)
    {
        if (body.Length < 24)
            throw new DumpFormatException($"{what}: {body.Length} bytes cannot hold the Elf64_Chdr (24 bytes)");
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(body);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(body[8..]);
        if (size > (ulong)AnalysisLimits.Default.MaxDecompressedSection)
            throw new DumpFormatException($"{what}: ch_size 0x{size:x} exceeds the limit 0x{AnalysisLimits.Default.MaxDecompressedSection:x}");
        var output = GC.AllocateUninitializedArray<byte>((int)size);
        var payload = body[24..];
        int written = type switch
        {
            Zlib => InflateZlib(payload, output, what),
            Zstd => InflateZstd(payload, output, what),
            _ => throw new NotSupportedException($"{what}: compression type {type} in Elf64_Chdr.ch_type (known: 1 zlib, 2 zstd)"),
        };
        if (written != output.Length)
            throw new DumpFormatException($"{what}: decompressed to {written} bytes, Elf64_Chdr.ch_size says {size}");
        return output;
    }

    private static int InflateZstd(ReadOnlySpan<byte> payload, byte[] output, string what)
    {
        try
        {
            return Decompression.NativeCodecs.Zstd(payload, output);
        }
        catch (InvalidDataException e)
        {
            throw new DumpFormatException($"{what}: corrupt zstd frame: {e.Message}", e);
        }
    }

    private static unsafe int InflateZlib(ReadOnlySpan<byte> payload, byte[] output, string what)
    {
        try
        {
            fixed (byte* p = payload)
            {
                using var raw = new UnmanagedMemoryStream(p, payload.Length);
                using var z = new ZLibStream(raw, CompressionMode.Decompress);
                int total = 0;
                while (total < output.Length)
                {
                    int n = z.Read(output, total, output.Length - total);
                    if (n == 0)
                        break;
                    total += n;
                }
                return total;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DumpFormatException($"{what}: corrupt zlib stream: {e.Message}", e);
        }
    }
}
