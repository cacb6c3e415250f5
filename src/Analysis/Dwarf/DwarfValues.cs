using System.Text;

namespace Crashdesk.Analysis.Dwarf;

using static DwarfConstants;

/// <summary>Decoding and skipping of attribute values and DIEs.</summary>
internal static class DwarfValues
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static AttributeValue Read(ref DwarfCursor c, AttributeSpec spec, DwarfUnit unit)
    {
        ushort form = spec.Form;
        int start = c.Position;
        if (form == FormIndirect)
        {
            ulong actual = c.Uleb();
            if (actual == FormIndirect || actual > ushort.MaxValue)
                throw c.Error($"DW_FORM_indirect names form 0x{actual:x}", start);
            return Read(ref c, spec with { Form = (ushort)actual }, unit);
        }
        switch (form)
        {
            case FormImplicitConst:
                return new(spec.Name, form, unchecked((ulong)spec.ImplicitConst), spec.ImplicitConst, start, 0);
            case FormFlagPresent:
                return new(spec.Name, form, 1, 1, start, 0);
            case FormSdata:
                long s = c.Sleb();
                return new(spec.Name, form, unchecked((ulong)s), s, start, c.Position - start);
            case FormString:
                c.SkipString();
                return new(spec.Name, form, 0, 0, start, c.Position - start - 1);
            case FormData16:
                c.Skip(16);
                return new(spec.Name, form, 0, 0, start, 16);
            case FormBlock1 or FormBlock2 or FormBlock4 or FormBlock or FormExprloc:
                ulong len = form switch { FormBlock1 => c.U8(), FormBlock2 => c.U16(), FormBlock4 => c.U32(), _ => c.Uleb() };
                int blockStart = c.Position;
                c.Skip(len);
                return new(spec.Name, form, len, 0, blockStart, (int)len);
        }
        int size = DwarfForms.FixedSize(form, unit.Version, unit.OffsetSize, unit.AddressSize);
        ulong value = size switch
        {
            >= 0 => size == 0 ? 0 : c.Fixed(size),
            -1 => c.Uleb(), // udata, ref_udata, strx, addrx, loclistx, rnglistx, GNU indices
            _ => throw c.Error($"unknown attribute form 0x{form:x}", start),
        };
        return new(spec.Name, form, value, unchecked((long)value), start, c.Position - start);
    }

    /// <summary>Skips the DIE at the cursor and its whole subtree (jumping by DW_AT_sibling where present).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void SkipDie(ref DwarfCursor c, DwarfUnit unit)
    {
        int depth = 0;
        do
        {
            int at = c.Position;
            ulong code = c.Uleb();
            if (code == 0)
            {
                depth--;
                continue;
            }
            var a = unit.Abbreviations.Get(code, at);
            if (!a.HasChildren && a.FixedSize >= 0)
            {
                c.Skip((ulong)a.FixedSize);
                continue;
            }
            if (a.SiblingPrefix >= 0)
            {
                c.Skip((ulong)a.SiblingPrefix);
                int size = a.SiblingForm switch { FormRef1 => 1, FormRef2 => 2, FormRef4 => 4, _ => 8 };
                ulong rel = c.Fixed(size);
                int target = rel < (ulong)(unit.End - unit.Offset) ? unit.Offset + (int)rel : -1;
                if (target > at && target <= unit.End)
                {
                    c.Position = target;
                    continue;
                }
                throw c.Error($"DW_AT_sibling 0x{rel:x} points outside its unit (0x{unit.Offset:x}..0x{unit.End:x})", at);
            }
            int sibling = -1;
            foreach (var spec in a.Attributes)
            {
                if (spec.Name == AtSibling && spec.Form is FormRef1 or FormRef2 or FormRef4 or FormRef8 or FormRefUdata)
                    sibling = unit.Offset + (int)Math.Min(Read(ref c, spec, unit).Unsigned, int.MaxValue / 2);
                else
                    DwarfForms.Skip(ref c, spec.Form, unit);
            }
            if (a.HasChildren)
            {
                if (sibling > at && sibling <= unit.End)
                    c.Position = sibling;
                else if (++depth > AnalysisLimits.Default.MaxDwarfDepth)
                    throw c.Error($"DIEs nested deeper than {AnalysisLimits.Default.MaxDwarfDepth}", at);
            }
        } while (depth > 0 && !c.AtEnd);
    }

    public static string String(DwarfSections sections, AttributeValue v, DwarfUnit unit)
    {
        switch (v.Form)
        {
            case FormString:
                return Encoding.UTF8.GetString(sections.Info.Span.Slice(v.Start, v.Length));
            case FormStrp:
                return Table(sections.Str.Span, v.Unsigned, ".debug_str");
            case FormLineStrp:
                return Table(sections.LineStr.Span, v.Unsigned, ".debug_line_str");
            case FormStrx or FormStrx1 or FormStrx2 or FormStrx3 or FormStrx4:
                return Table(sections.Str.Span, StrOffset(sections, v.Unsigned, unit), ".debug_str");
            default:
                throw new NotSupportedException($"string form 0x{v.Form:x} in the unit at .debug_info offset 0x{unit.Offset:x}");
        }
    }

    /// <summary>The .debug_str offset of string index <paramref name="index"/> (DWARF 5 section 7.26).</summary>
    public static ulong StrOffset(DwarfSections sections, ulong index, DwarfUnit unit)
    {
        var table = sections.StrOffsets.Span;
        ulong at = unit.StrOffsetsBase + index * (ulong)unit.OffsetSize;
        if (index > int.MaxValue || at + (ulong)unit.OffsetSize > (ulong)table.Length)
            throw new DumpFormatException($"corrupt DWARF in .debug_str_offsets at offset 0x{at:x}: string index {index} of the unit at .debug_info 0x{unit.Offset:x} is outside the section (0x{table.Length:x})");
        var c = new DwarfCursor(table, ".debug_str_offsets", (int)at);
        return unit.OffsetSize == 8 ? c.U64() : c.U32();
    }

    private static string Table(ReadOnlySpan<byte> table, ulong offset, string section)
    {
        if (offset >= (ulong)table.Length)
            throw new DumpFormatException($"corrupt DWARF in {section} at offset 0x{offset:x}: string offset is outside the section (0x{table.Length:x})");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
            throw new DumpFormatException($"corrupt DWARF in {section} at offset 0x{offset:x}: unterminated string");
        return Encoding.UTF8.GetString(rest[..end]);
    }
}
