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
