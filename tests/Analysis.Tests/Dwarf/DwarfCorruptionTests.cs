using Crashdesk.Analysis.Dwarf;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Tests.Dwarf;

/// <summary>
/// Hand-built DWARF 4 and 5 units: forms the fixtures lack (strx1, implicit_const, data16, DWARF 2
/// bit_offset) and corruptions, which must fail with the section and offset named.
/// </summary>
public class DwarfCorruptionTests
{
    // Abbreviation codes.
    private const int Cu = 1, Struct = 2, Member = 3, Base = 4, BitMember = 5;

    /// <summary>DWARF 4: struct s { int a; unsigned int f : 5 (DW_AT_bit_offset 27, byte_size 4); } at offset 4.</summary>
    private static (byte[] Info, byte[] Abbrev) Dwarf4(Action<DwarfBytes>? tweakAbbrev = null, int memberTypeRef = -1)
    {
        var abbrev = new DwarfBytes()
            .Uleb(Cu).Uleb(0x11).U8(1).Uleb(0).Uleb(0)
            .Uleb(Struct).Uleb(0x13).U8(1).Uleb(0x03).Uleb(0x08).Uleb(0x0b).Uleb(0x0b).Uleb(0).Uleb(0)
            .Uleb(Member).Uleb(0x0d).U8(0).Uleb(0x03).Uleb(0x08).Uleb(0x49).Uleb(0x13).Uleb(0x38).Uleb(0x0b).Uleb(0).Uleb(0)
            .Uleb(Base).Uleb(0x24).U8(0).Uleb(0x03).Uleb(0x08).Uleb(0x0b).Uleb(0x0b).Uleb(0x3e).Uleb(0x0b).Uleb(0).Uleb(0)
            .Uleb(BitMember).Uleb(0x0d).U8(0).Uleb(0x03).Uleb(0x08).Uleb(0x49).Uleb(0x13).Uleb(0x0b).Uleb(0x0b).Uleb(0x0d).Uleb(0x0b).Uleb(0x0c).Uleb(0x0b).Uleb(0x38).Uleb(0x0b).Uleb(0).Uleb(0);
        tweakAbbrev?.Invoke(abbrev);
        abbrev.Uleb(0);
        var info = new DwarfBytes().U32(0).U16(4).U32(0).U8(8);
        info.Uleb(Cu);
        int structAt = info.Length;
        info.Uleb(Struct).Str("s").U8(8);
        int memberAt = info.Length;
        info.Uleb(Member).Str("a").U32(0).U8(0);
        info.Uleb(BitMember).Str("f").U32(0).U8(4).U8(5).U8(27).U8(4);
        info.U8(0);
        int baseAt = info.Length;
        info.Uleb(Base).Str("int").U8(4).U8(5);
        info.U8(0);
        info.PatchU32(memberAt + 3, memberTypeRef >= 0 ? (uint)memberTypeRef : (uint)baseAt);
        info.PatchU32(memberAt + 3 + 4 + 1 + 3, (uint)baseAt);
        info.PatchU32(0, (uint)(info.Length - 4));
        _ = structAt;
        return (info.ToArray(), abbrev.ToArray());
    }

    private static DwarfInfo Open(byte[] info, byte[] abbrev, byte[]? str = null, byte[]? strOffsets = null) =>
        new(new DwarfSections(info, abbrev, str ?? [], default, strOffsets ?? default));

    [Fact]
    public void Valid_dwarf4_unit_gives_members_and_dwarf2_bitfield_offsets()
    {
        var (info, abbrev) = Dwarf4();
        var dwarf = Open(info, abbrev);
        Assert.True(dwarf.TryFindType("struct s", out var s));
        Assert.Equal(8, s.Size);
        Assert.Equal(["a", "f"], s.Members.Select(m => m.Name));
        Assert.Equal(0, s.Members[0].BitOffset);
        // Big-endian bit_offset 27 of a 5-bit field in a 4-byte unit at byte 4: bit 32 + (32 - 27 - 5) = 32.
        Assert.Equal(32, s.Members[1].BitOffset);
        Assert.Equal(5, s.Members[1].BitSize);
        Assert.Equal("int", s.Members[0].Type.Name);
        Assert.Equal("struct s {\n    int a;\n    int f : 5;\n}", string.Join("\n", GdbTypePrinter.Body(s)));
    }

    [Fact]
    public void Unit_length_past_the_section_names_section_and_offset()
    {
        var (info, abbrev) = Dwarf4();
        BitConverter.GetBytes((uint)info.Length + 100).CopyTo(info, 0);
        var e = Assert.Throws<DumpFormatException>(() => Open(info, abbrev));
        Assert.Contains(".debug_info at offset 0x0", e.Message);
        Assert.Contains("unit length", e.Message);
    }

    [Fact]
    public void Unknown_abbreviation_code_names_the_die_offset()
    {
        var (info, abbrev) = Dwarf4();
        info[12] = 9; // the struct DIE's code (offset 0xc, after the 11-byte header and the CU DIE's code)
        var dwarf = Open(info, abbrev);
        var e = Assert.Throws<DumpFormatException>(() => dwarf.TryFindType("struct s", out _));
        Assert.Contains(".debug_info at offset 0xc", e.Message);
        Assert.Contains("abbreviation code 9", e.Message);
    }

    [Fact]
    public void Reference_outside_the_section_is_reported_when_the_type_is_used()
    {
        var (info, abbrev) = Dwarf4(memberTypeRef: 0x7fff0);
        var dwarf = Open(info, abbrev);
        Assert.True(dwarf.TryFindType("struct s", out var s));
        var e = Assert.Throws<DumpFormatException>(() => s.Members.Count);
        Assert.Contains("reference 0x7fff0", e.Message);
        Assert.Contains(".debug_info", e.Message);
    }

    [Fact]
    public void Unknown_form_in_abbrev_names_debug_abbrev_offset()
    {
        var (info, abbrev) = Dwarf4(a => a.Uleb(6).Uleb(0x34).U8(0).Uleb(0x03).Uleb(0x7e).Uleb(0).Uleb(0));
        var e = Assert.Throws<DumpFormatException>(() => Open(info, abbrev).TryFindType("struct s", out _));
        Assert.Contains(".debug_abbrev at offset", e.Message);
        Assert.Contains("form 0x7e", e.Message);
    }

    [Fact]
    public void Truncated_die_names_the_offset()
    {
        var (info, abbrev) = Dwarf4();
        var cut = info[..15]; // ends inside the struct DIE, before its DW_AT_byte_size
        BitConverter.GetBytes((uint)cut.Length - 4).CopyTo(cut, 0);
        var e = Assert.ThrowsAny<DumpFormatException>(() => Open(cut, abbrev).TryFindType("struct s", out _));
        Assert.Contains("corrupt DWARF in .debug_info at offset 0x", e.Message);
    }

    /// <summary>
    /// DWARF 5 unit: base type named through DW_FORM_strx1 (+ DW_AT_str_offsets_base), size by
    /// DW_FORM_implicit_const, a variable with a DW_FORM_data16 constant, a struct member with
    /// DW_AT_data_bit_offset.
    /// </summary>
    [Fact]
    public void Dwarf5_strx_implicit_const_data16_and_data_bit_offset()
    {
        var str = new DwarfBytes().Str("unsigned char").Str("big").Str("t").Str("x");
        var strOffsets = new DwarfBytes().U32(4 * 4 + 4).U16(5).U16(0).U32(0).U32(14).U32(18).U32(20);
        var abbrev = new DwarfBytes()
            .Uleb(1).Uleb(0x11).U8(1).Uleb(0x72).Uleb(0x17).Uleb(0).Uleb(0)
            .Uleb(2).Uleb(0x24).U8(0).Uleb(0x03).Uleb(0x25).Uleb(0x0b).Uleb(0x21).Sleb(1).Uleb(0x3e).Uleb(0x0b).Uleb(0).Uleb(0)
            .Uleb(3).Uleb(0x34).U8(0).Uleb(0x03).Uleb(0x25).Uleb(0x1c).Uleb(0x1e).Uleb(0).Uleb(0)
            .Uleb(4).Uleb(0x13).U8(1).Uleb(0x03).Uleb(0x25).Uleb(0x0b).Uleb(0x0b).Uleb(0).Uleb(0)
            .Uleb(5).Uleb(0x0d).U8(0).Uleb(0x03).Uleb(0x25).Uleb(0x49).Uleb(0x13).Uleb(0x6b).Uleb(0x0b).Uleb(0x0d).Uleb(0x0b).Uleb(0).Uleb(0)
            .Uleb(0);
        var info = new DwarfBytes().U32(0).U16(5).U8(1).U8(8).U32(0);
        info.Uleb(1).U32(8);
        int baseAt = info.Length;
        info.Uleb(2).U8(0).U8(8);
        info.Uleb(3).U8(1).Bytes(new byte[16]);
        info.Uleb(4).U8(2).U8(1);
        info.Uleb(5).U8(3).U32((uint)baseAt).U8(3).U8(4);
        info.U8(0);
        info.U8(0);
        info.PatchU32(0, (uint)(info.Length - 4));
        var dwarf = Open(info.ToArray(), abbrev.ToArray(), str.ToArray(), strOffsets.ToArray());
        Assert.True(dwarf.TryFindType("unsigned char", out var uc));
        Assert.Equal(1, uc.Size);
        Assert.True(dwarf.TryFindType("struct t", out var t));
        var x = Assert.Single(t.Members);
        Assert.Equal(("x", 3L, 4), (x.Name, x.BitOffset, x.BitSize));
        Assert.Equal(0, x.Offset);
        Assert.True(dwarf.Index.Variables.ContainsKey("big"));

        // A string index past .debug_str_offsets is named as such.
        var bad = info.ToArray();
        bad[baseAt + 1] = 200;
        var e = Assert.Throws<DumpFormatException>(() => Open(bad, abbrev.ToArray(), str.ToArray(), strOffsets.ToArray()).TryFindType("struct t", out _));
        Assert.Contains(".debug_str_offsets", e.Message);
    }
}
