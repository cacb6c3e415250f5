using Crashdesk.Analysis.Binary;

namespace Crashdesk.Analysis.Dwarf;

/// <summary>The DWARF sections the type reader uses, as views of the image (decompressed if SHF_COMPRESSED).</summary>
public sealed class DwarfSections
{
    /// <summary>Wraps section contents (tests build them byte by byte).</summary>
    public DwarfSections(ReadOnlyMemory<byte> info, ReadOnlyMemory<byte> abbrev, ReadOnlyMemory<byte> str,
        ReadOnlyMemory<byte> lineStr = default, ReadOnlyMemory<byte> strOffsets = default, ReadOnlyMemory<byte> addr = default)
    {
        Info = info;
        Abbrev = abbrev;
        Str = str;
        LineStr = lineStr;
        StrOffsets = strOffsets;
        Addr = addr;
    }

    /// <summary>.debug_info</summary>
    public ReadOnlyMemory<byte> Info { get; }

    /// <summary>.debug_abbrev</summary>
    public ReadOnlyMemory<byte> Abbrev { get; }

    /// <summary>.debug_str</summary>
    public ReadOnlyMemory<byte> Str { get; }

    /// <summary>.debug_line_str (DWARF 5)</summary>
    public ReadOnlyMemory<byte> LineStr { get; }

    /// <summary>.debug_str_offsets (DWARF 5)</summary>
    public ReadOnlyMemory<byte> StrOffsets { get; }

    /// <summary>.debug_addr (DWARF 5)</summary>
    public ReadOnlyMemory<byte> Addr { get; }

    /// <summary>Takes the sections from an ELF image; false if it has no .debug_info.</summary>
    public static bool TryLoad(ElfImage image, out DwarfSections sections)
    {
        if (!image.TryGetSection(".debug_info", out var info) || info.Size == 0)
        {
            sections = null!;
            return false;
        }
        sections = new DwarfSections(image.GetContents(info), image.GetContents(".debug_abbrev"), image.GetContents(".debug_str"),
            image.GetContents(".debug_line_str"), image.GetContents(".debug_str_offsets"), image.GetContents(".debug_addr"));
        return true;
    }
}
