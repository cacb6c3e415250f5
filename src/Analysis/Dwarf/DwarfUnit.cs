namespace Crashdesk.Analysis.Dwarf;

/// <summary>
/// One unit header of .debug_info (DWARF 2–4: length, version, abbrev offset, address size;
/// DWARF 5: length, version, unit type, address size, abbrev offset [+ id/type fields]).
/// </summary>
internal sealed class DwarfUnit
{
    public required int Offset { get; init; }
    public required int End { get; init; }
    public required int Version { get; init; }
    public required int UnitType { get; init; }
    public required int OffsetSize { get; init; }
    public required int AddressSize { get; init; }
    public required ulong AbbrevOffset { get; init; }
    public required int FirstDie { get; init; }
    public required AbbreviationTable Abbreviations { get; init; }

    /// <summary>DW_AT_str_offsets_base of the unit DIE (DWARF 5 `strx` forms); 8 when absent (header size).</summary>
    public ulong StrOffsetsBase { get; set; } = 8;

    /// <summary>DW_AT_language of the unit DIE (DW_LANG_*); 0 when absent.</summary>
    public int Language { get; set; }

    /// <summary>
    /// Whether a function type of this unit without DW_AT_prototyped is prototyped all the same: gdb's
    /// dwarf2/read.c prototyped_function_p takes the flag as absent only in C, Objective C and OpenCL units
    /// (every other language has prototypes: the assembler's functions print as "void (void)", not "void ()").
    /// </summary>
    public bool PrototypesEverything => Language is not (LanguageC89 or LanguageC or LanguageC99 or LanguageC11 or LanguageC17 or LanguageObjC or LanguageOpenCl);

    // DW_LANG_* of the DWARF 5 standard, table 7.17.
    private const int LanguageC89 = 0x01, LanguageC = 0x02, LanguageC99 = 0x0c, LanguageObjC = 0x10, LanguageOpenCl = 0x15, LanguageC11 = 0x1d, LanguageC17 = 0x2c;

    /// <summary>Reads the unit header at <paramref name="offset"/>; abbreviation tables are shared through <paramref name="abbrevs"/>.</summary>
    public static DwarfUnit Read(ReadOnlySpan<byte> info, int offset, Func<ulong, int, int, int, AbbreviationTable> abbrevs)
    {
        var h = DwarfUnitHeader.Read(info, offset);
        return new DwarfUnit
        {
            Offset = offset, End = h.End, Version = h.Version, UnitType = h.UnitType, OffsetSize = h.OffsetSize, AddressSize = h.AddressSize,
            AbbrevOffset = h.AbbrevOffset, FirstDie = h.FirstDie, Abbreviations = abbrevs(h.AbbrevOffset, h.Version, h.OffsetSize, h.AddressSize),
        };
    }
}
