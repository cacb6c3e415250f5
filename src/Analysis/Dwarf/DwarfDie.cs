namespace Crashdesk.Analysis.Dwarf;

using static DwarfConstants;

/// <summary>A debugging information entry with its attributes decoded (the slow, complete path).</summary>
internal sealed class DwarfDie
{
    public required int Offset { get; init; }
    public required ushort Tag { get; init; }
    public required bool HasChildren { get; init; }
    public required int ChildrenStart { get; init; }
    public required DwarfUnit Unit { get; init; }
    public required AttributeValue[] Attributes { get; init; }

    public bool TryGet(ushort name, out AttributeValue value)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name)
            {
                value = a;
                return true;
            }
        }
        value = default;
        return false;
    }

    public bool Has(ushort name) => TryGet(name, out _);

    /// <summary>Flag attributes: DW_FORM_flag_present or a non-zero DW_FORM_flag.</summary>
    public bool Flag(ushort name) => TryGet(name, out var v) && (v.Form == FormFlagPresent || v.Unsigned != 0);

    /// <summary>A constant attribute as a signed value (sdata, implicit_const and dataN/udata).</summary>
    public bool TryGetConstant(ushort name, out long value)
    {
        value = 0;
        if (!TryGet(name, out var v))
            return false;
        switch (v.Form)
        {
            case FormSdata or FormImplicitConst:
                value = v.Signed;
                return true;
            case FormData1 or FormData2 or FormData4 or FormData8 or FormUdata:
                value = unchecked((long)v.Unsigned);
                return true;
            default:
                return false;
        }
    }
}
