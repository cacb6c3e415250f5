using System.Buffers.Binary;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Kdump;

/// <summary>
/// Block 0 of a kdump-compressed file: makedumpfile diskdump_mod.h, struct disk_dump_header
/// (x86_64 layout: signature[8], header_version @8, utsname @12, timestamp @408, status @424,
/// block_size @428, sub_hdr_size @432, bitmap_blocks @436, max_mapnr @440, total_ram_blocks @444,
/// device_blocks @448, written_blocks @452, current_cpu @456, nr_cpus @460).
/// </summary>
public sealed record KdumpHeader
{
    /// <summary>Bytes of the header read from block 0.</summary>
    public const int Size = 464;

    /// <summary>status bits (diskdump_mod.h DUMP_DH_*).</summary>
    public const uint CompressedZlib = 0x1, CompressedLzo = 0x2, CompressedSnappy = 0x4, CompressedIncomplete = 0x8, ExcludedVmemmap = 0x10, CompressedZstd = 0x20;

    /// <summary>The 8-byte signature: "KDUMP   " or "DISKDUMP".</summary>
    public required string Signature { get; init; }
    /// <summary>header_version: which sub-header fields exist (see <see cref="KdumpSubHeader"/>).</summary>
    public required int HeaderVersion { get; init; }
    /// <summary>The crashed kernel's utsname as makedumpfile copied it.</summary>
    public required UtsName UtsName { get; init; }
    /// <summary>timestamp.tv_sec: when the dump was written.</summary>
    public required long TimestampSeconds { get; init; }
    /// <summary>timestamp.tv_usec.</summary>
    public required long TimestampMicroseconds { get; init; }
    /// <summary>status: DUMP_DH_* bits (compression, incomplete, excluded vmemmap).</summary>
    public required uint Status { get; init; }
    /// <summary>block_size: the page size, and the unit of every block offset in the file.</summary>
    public required int BlockSize { get; init; }
    /// <summary>sub_hdr_size: blocks of the sub-header after block 0.</summary>
    public required int SubHeaderBlocks { get; init; }
    /// <summary>bitmap_blocks: blocks of the two page bitmaps together.</summary>
    public required uint BitmapBlocks { get; init; }
    /// <summary>max_mapnr: page frames covered (32 bits; header version 6 adds a 64-bit one).</summary>
    public required uint MaxMapNr32 { get; init; }
    /// <summary>nr_cpus: CPUs of the crashed machine.</summary>
    public required int NrCpus { get; init; }

    /// <summary>True for the "KDUMP   " signature (makedumpfile); false for "DISKDUMP" (Fujitsu diskdump).</summary>
    public bool IsKdump => Signature == "KDUMP   ";

    /// <summary>True when the source starts with either signature.</summary>
    public static bool Probe(IByteSource source)
    {
        Span<byte> sig = stackalloc byte[8];
        return source.TryReadExactly(0, sig) && (sig.SequenceEqual("KDUMP   "u8) || sig.SequenceEqual("DISKDUMP"u8));
    }

    /// <summary>Reads and validates block 0.</summary>
    public static KdumpHeader Read(IByteSource source, AnalysisLimits limits)
    {
        Span<byte> b = stackalloc byte[Size];
        source.ReadExactly(0, b, "disk_dump_header");
        var h = new KdumpHeader
        {
            Signature = System.Text.Encoding.ASCII.GetString(b[..8]),
            HeaderVersion = BinaryPrimitives.ReadInt32LittleEndian(b[8..]),
            UtsName = UtsName.Parse(b.Slice(12, UtsName.Size)),
            TimestampSeconds = BinaryPrimitives.ReadInt64LittleEndian(b[408..]),
            TimestampMicroseconds = BinaryPrimitives.ReadInt64LittleEndian(b[416..]),
            Status = BinaryPrimitives.ReadUInt32LittleEndian(b[424..]),
            BlockSize = BinaryPrimitives.ReadInt32LittleEndian(b[428..]),
            SubHeaderBlocks = BinaryPrimitives.ReadInt32LittleEndian(b[432..]),
            BitmapBlocks = BinaryPrimitives.ReadUInt32LittleEndian(b[436..]),
            MaxMapNr32 = BinaryPrimitives.ReadUInt32LittleEndian(b[440..]),
            NrCpus = BinaryPrimitives.ReadInt32LittleEndian(b[460..]),
        };
        const string fmt = "kdump";
        if (h.HeaderVersion < 0 || h.HeaderVersion > 1000)
            throw DumpFormatException.ForField(fmt, "disk_dump_header.header_version", h.HeaderVersion, 8, "not a version makedumpfile writes");
        if (h.BlockSize < 512 || h.BlockSize > limits.MaxPageSize || (h.BlockSize & (h.BlockSize - 1)) != 0)
            throw DumpFormatException.ForField(fmt, "disk_dump_header.block_size", h.BlockSize, 428, $"must be a power of two between 512 and {limits.MaxPageSize}");
        if (h.SubHeaderBlocks < 0 || h.SubHeaderBlocks > 1024)
            throw DumpFormatException.ForField(fmt, "disk_dump_header.sub_hdr_size", h.SubHeaderBlocks, 432, "impossible sub-header size (blocks)");
        if (h.BitmapBlocks == 0 || (long)h.BitmapBlocks * h.BlockSize / 2 > limits.MaxBitmapBytes)
            throw DumpFormatException.ForField(fmt, "disk_dump_header.bitmap_blocks", h.BitmapBlocks, 436, $"the size of the page bitmaps: they must be non-empty and at most {limits.MaxBitmapBytes} bytes each (a limit of {limits.MaxBitmapBytes} bytes, 8 TiB of RAM)");
        if (h.NrCpus < 0 || h.NrCpus > limits.MaxCpus)
            throw DumpFormatException.ForField(fmt, "disk_dump_header.nr_cpus", h.NrCpus, 460, $"the number of CPUs: more than the engine believes (a limit of {limits.MaxCpus} CPUs)");
        return h;
    }
}
