namespace Crashdesk.Analysis.Dwarf;

/// <summary>
/// One unit header of .debug_info (DWARF 2–4: length, version, abbrev offset, address size;
/// DWARF 5: length, version, unit type, address size, abbrev offset [+ id/type fields]), every
/// field checked.
/// </summary>
internal readonly record struct DwarfUnitHeader(int Offset, int End, int Version, int UnitType, int OffsetSize, int AddressSize, ulong AbbrevOffset, int FirstDie)
{
    /// <summary>Reads the header at <paramref name="offset"/>; corrupt headers throw <see cref="DumpFormatException"/>.</summary>
    public static DwarfUnitHeader Read(ReadOnlySpan<byte> info, int offset)
    {
        var c = new DwarfCursor(info, ".debug_info", offset);
        ulong length = c.U32();
        int offsetSize = 4;
        if (length == 0xffffffff)
        {
            length = c.U64();
            offsetSize = 8;
        }
        else if (length >= 0xfffffff0)
            throw c.Error($"reserved unit length 0x{length:x}", offset);
        if (length > (ulong)(info.Length - c.Position))
            throw c.Error($"unit length 0x{length:x} runs past the end of the section (0x{info.Length:x})", offset);
        int end = c.Position + (int)length;
        int version = c.U16();
        if (version is < 2 or > 5)
            throw new NotSupportedException($"DWARF version {version} in the unit at .debug_info offset 0x{offset:x} (2–5 are supported)");
        int unitType = 1, addressSize;
        ulong abbrevOffset;
        if (version >= 5)
        {
            unitType = c.U8();
            addressSize = c.U8();
            abbrevOffset = offsetSize == 8 ? c.U64() : c.U32();
            if (unitType is 4 or 5) // DW_UT_skeleton, DW_UT_split_compile: dwo_id
                c.Skip(8);
            else if (unitType is 2 or 6) // DW_UT_type, DW_UT_split_type: signature + type offset
                c.Skip(8UL + (ulong)offsetSize);
        }
        else
        {
            abbrevOffset = offsetSize == 8 ? c.U64() : c.U32();
            addressSize = c.U8();
        }
        if (addressSize is not (4 or 8))
            throw c.Error($"address size {addressSize} (4 or 8 expected)", offset);
        if (c.Position > end)
            throw c.Error($"unit header is longer than the unit (0x{length:x})", offset);
        return new DwarfUnitHeader(offset, end, version, unitType, offsetSize, addressSize, abbrevOffset, c.Position);
    }
}
