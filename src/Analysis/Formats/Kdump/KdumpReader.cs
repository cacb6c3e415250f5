using System.Text;
using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Kdump;

/// <summary>
/// Opens a kdump-compressed file (makedumpfile "KDUMP   ", Fujitsu "DISKDUMP"): header,
/// sub-header, both bitmaps and the location of the page descriptors (diskdump_mod.h; crash
/// diskdump.c read_dump_header() for the block arithmetic).
/// </summary>
public static class KdumpReader
{
    /// <summary>Opens <paramref name="source"/>; <paramref name="flattened"/> only changes the format name.</summary>
    public static OpenedDump Open(IByteSource source, AnalysisLimits limits, bool flattened = false)
    {
        var h = KdumpHeader.Read(source, limits);
        long block = h.BlockSize;
        KdumpSubHeader? sub = h.IsKdump && h.SubHeaderBlocks > 0 ? KdumpSubHeader.Read(source, block, h.HeaderVersion) : null;

        ulong maxMapNr = sub?.MaxMapNr64 is { } m64 and > 0 ? m64 : h.MaxMapNr32;
        long bitmapOffset = checked((1 + h.SubHeaderBlocks) * block);
        long half = (long)h.BitmapBlocks * block / 2;
        byte[] bitmaps = new byte[checked(half * 2)];
        source.ReadExactly(bitmapOffset, bitmaps, "kdump bitmaps");
        var valid = new KdumpBitmap(bitmaps.AsSpan(0, (int)half), maxMapNr);
        var dumped = new KdumpBitmap(bitmaps.AsSpan((int)half, (int)half), maxMapNr);
        long descriptorBase = checked(bitmapOffset + (long)h.BitmapBlocks * block);

        var memory = new KdumpPhysicalMemory(source, valid, dumped, descriptorBase, h.BlockSize, limits);
        string? vmcoreInfo = sub is null ? null : ReadVmcoreInfo(source, sub, block, limits);
        var notes = sub is null ? [] : ReadNotes(source, sub, block, limits);

        bool truncated = IsTruncated(source, dumped, descriptorBase);
        var ts = h.TimestampSeconds == 0 && h.TimestampMicroseconds == 0 ? (DateTimeOffset?)null
            : DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(h.TimestampSeconds, 0, 253402300799));
        string format = (h.IsKdump ? "kdump-compressed" : "diskdump") + (flattened ? " (flattened)" : "");
        var info = new DumpFileInfo
        {
            Format = format,
            Compression = CompressionName(h.Status),
            DumpLevel = sub?.DumpLevel,
            PagesPresent = dumped.SetBits,
            PagesExcluded = valid.CountAndNot(dumped),
            Incomplete = (h.Status & KdumpHeader.CompressedIncomplete) != 0,
            Truncated = truncated,
            HeaderCpus = h.NrCpus,
            UtsName = h.UtsName,
            Timestamp = ts,
            HeaderPhysBase = sub?.PhysBase,
        };
        return new OpenedDump(memory, notes, vmcoreInfo, info);
    }

    private static string CompressionName(uint status) =>
        (status & KdumpHeader.CompressedZlib) != 0 ? "zlib"
        : (status & KdumpHeader.CompressedLzo) != 0 ? "lzo"
        : (status & KdumpHeader.CompressedSnappy) != 0 ? "snappy"
        : (status & KdumpHeader.CompressedZstd) != 0 ? "zstd"
        : "none";

    private static bool IsTruncated(IByteSource source, KdumpBitmap dumped, long descriptorBase)
    {
        long count = dumped.SetBits;
        if (count == 0)
            return false;
        if (descriptorBase + count * KdumpPageDescriptor.EncodedSize > source.Length)
            return true;
        // makedumpfile writes page data in PFN order, except that every zero page shares one
        // block written first: scan descriptors backwards until one that is not that shared block.
        const int chunk = 1024;
        byte[] buffer = new byte[chunk * KdumpPageDescriptor.EncodedSize];
        long? shared = null;
        for (long end = count; end > 0; end -= chunk)
        {
            long first = Math.Max(0, end - chunk);
            int n = (int)(end - first);
            var span = buffer.AsSpan(0, n * KdumpPageDescriptor.EncodedSize);
            if (!source.TryReadExactly(descriptorBase + first * KdumpPageDescriptor.EncodedSize, span))
                return true;
            bool distinct = false;
            for (int i = n - 1; i >= 0; i--)
            {
                long offset = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(span[(i * KdumpPageDescriptor.EncodedSize)..]);
                uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[(i * KdumpPageDescriptor.EncodedSize + 8)..]);
                if (offset > 0 && offset + size > source.Length)
                    return true;
                shared ??= offset;
                distinct |= offset != shared;
            }
            if (distinct)
                return false;
        }
        return false;
    }

    private static string? ReadVmcoreInfo(IByteSource source, KdumpSubHeader sub, long subOffset, AnalysisLimits limits)
    {
        if (sub.VmcoreInfoSize <= 0 || sub.VmcoreInfoOffset <= 0)
            return null;
        if (sub.VmcoreInfoSize > limits.MaxVmcoreInfoBytes)
            throw DumpFormatException.ForField("kdump", "kdump_sub_header.size_vmcoreinfo", sub.VmcoreInfoSize, subOffset + 40, $"the size of the VMCOREINFO text, larger than the engine reads (a limit of {limits.MaxVmcoreInfoBytes} bytes; the kernel writes a few KiB)");
        byte[] text = new byte[sub.VmcoreInfoSize];
        if (!source.TryReadExactly(sub.VmcoreInfoOffset, text))
            return null;
        return Encoding.Latin1.GetString(text);
    }

    private static IReadOnlyList<ElfNote> ReadNotes(IByteSource source, KdumpSubHeader sub, long subOffset, AnalysisLimits limits)
    {
        if (sub.NoteSize <= 0 || sub.NoteOffset <= 0)
            return [];
        if (sub.NoteSize > limits.MaxNotesBytes)
            throw DumpFormatException.ForField("kdump", "kdump_sub_header.size_note", sub.NoteSize, subOffset + 56, $"the size of the ELF notes (CPU registers), larger than the engine reads (a limit of {limits.MaxNotesBytes} bytes)");
        byte[] area = new byte[sub.NoteSize];
        if (!source.TryReadExactly(sub.NoteOffset, area))
            return [];
        return ElfNoteParser.Parse(area, sub.NoteOffset, "kdump notes");
    }
}
