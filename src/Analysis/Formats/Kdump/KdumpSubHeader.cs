using System.Buffers.Binary;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Kdump;

/// <summary>
/// struct kdump_sub_header (makedumpfile diskdump_mod.h), block 1: fields appear with the
/// header version: phys_base/dump_level (1), split/start_pfn/end_pfn (2), offset/size_vmcoreinfo (3),
/// offset/size_note (4), offset/size_eraseinfo (5), start_pfn_64/end_pfn_64/max_mapnr_64 (6).
/// </summary>
public sealed record KdumpSubHeader
{
    /// <summary>phys_base: where the kernel image was loaded in physical memory, as the dumping tool saw it.</summary>
    public long PhysBase { get; init; }
    /// <summary>dump_level (version 1+): the page kinds makedumpfile excluded.</summary>
    public int? DumpLevel { get; init; }
    /// <summary>offset_vmcoreinfo (version 3+): file offset of the VMCOREINFO text.</summary>
    public long VmcoreInfoOffset { get; init; }
    /// <summary>size_vmcoreinfo (version 3+).</summary>
    public long VmcoreInfoSize { get; init; }
    /// <summary>offset_note (version 4+): file offset of the ELF notes (CPU registers, VMCOREINFO).</summary>
    public long NoteOffset { get; init; }
    /// <summary>size_note (version 4+).</summary>
    public long NoteSize { get; init; }
    /// <summary>max_mapnr_64 (version 6+): page frames covered, for machines past 2^32 pages.</summary>
    public ulong? MaxMapNr64 { get; init; }

    /// <summary>Reads the sub-header fields that <paramref name="version"/> defines.</summary>
    public static KdumpSubHeader Read(IByteSource source, long offset, int version)
    {
        Span<byte> b = stackalloc byte[104];
        int want = version >= 6 ? 104 : version >= 4 ? 64 : version >= 3 ? 48 : 16;
        source.ReadExactly(offset, b[..want], "kdump_sub_header");
        return new KdumpSubHeader
        {
            PhysBase = BinaryPrimitives.ReadInt64LittleEndian(b),
            DumpLevel = version >= 1 ? BinaryPrimitives.ReadInt32LittleEndian(b[8..]) : null,
            VmcoreInfoOffset = version >= 3 ? BinaryPrimitives.ReadInt64LittleEndian(b[32..]) : 0,
            VmcoreInfoSize = version >= 3 ? BinaryPrimitives.ReadInt64LittleEndian(b[40..]) : 0,
            NoteOffset = version >= 4 ? BinaryPrimitives.ReadInt64LittleEndian(b[48..]) : 0,
            NoteSize = version >= 4 ? BinaryPrimitives.ReadInt64LittleEndian(b[56..]) : 0,
            MaxMapNr64 = version >= 6 ? BinaryPrimitives.ReadUInt64LittleEndian(b[96..]) : null,
        };
    }
}
