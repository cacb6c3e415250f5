namespace Crashdesk.Analysis.Dwarf;

using static DwarfConstants;

/// <summary>Sizes and skipping of attribute values by form (DWARF 5 section 7.5.6).</summary>
internal static class DwarfForms
{
    /// <summary>Fixed size of a form's value, -1 if variable, -2 if the form is unknown.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int FixedSize(ushort form, int version, int offsetSize, int addressSize) => form switch
    {
        FormAddr => addressSize,
        FormData1 or FormRef1 or FormFlag or FormStrx1 or FormAddrx1 => 1,
        FormData2 or FormRef2 or FormStrx2 or FormAddrx2 => 2,
        FormStrx3 or FormAddrx3 => 3,
        FormData4 or FormRef4 or FormStrx4 or FormAddrx4 or FormRefSup4 => 4,
        FormData8 or FormRef8 or FormRefSig8 or FormRefSup8 => 8,
        FormData16 => 16,
        FormStrp or FormSecOffset or FormLineStrp or FormStrpSup or FormGnuRefAlt or FormGnuStrpAlt => offsetSize,
        FormRefAddr => version <= 2 ? addressSize : offsetSize,
        FormFlagPresent or FormImplicitConst => 0,
        FormString or FormBlock or FormBlock1 or FormBlock2 or FormBlock4 or FormExprloc or FormSdata or FormUdata
            or FormRefUdata or FormStrx or FormAddrx or FormLoclistx or FormRnglistx or FormIndirect
            or FormGnuAddrIndex or FormGnuStrIndex => -1,
        _ => -2,
    };

    /// <summary>Skips one value of <paramref name="form"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Skip(ref DwarfCursor c, ushort form, DwarfUnit unit) =>
        Skip(ref c, form, unit.Version, unit.OffsetSize, unit.AddressSize);

    /// <summary>Skips one value of <paramref name="form"/> in a unit of this version, offset and address size.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Skip(ref DwarfCursor c, ushort form, int version, int offsetSize, int addressSize)
    {
        int size = FixedSize(form, version, offsetSize, addressSize);
        if (size >= 0)
        {
            c.Skip((ulong)size);
            return;
        }
        switch (form)
        {
            case FormString: c.SkipString(); break;
            case FormBlock1: c.Skip(c.U8()); break;
            case FormBlock2: c.Skip(c.U16()); break;
            case FormBlock4: c.Skip(c.U32()); break;
            case FormBlock or FormExprloc: c.Skip(c.Uleb()); break;
            case FormSdata: c.Sleb(); break;
            case FormIndirect:
                int at = c.Position;
                ulong actual = c.Uleb();
                if (actual == FormIndirect || actual > ushort.MaxValue)
                    throw c.Error($"DW_FORM_indirect names form 0x{actual:x}", at);
                Skip(ref c, (ushort)actual, version, offsetSize, addressSize);
                break;
            case FormUdata or FormRefUdata or FormStrx or FormAddrx or FormLoclistx or FormRnglistx or FormGnuAddrIndex or FormGnuStrIndex:
                c.Uleb();
                break;
            default:
                throw c.Error($"unknown attribute form 0x{form:x}", c.Position);
        }
    }
}
