namespace Crashdesk.Analysis.Dwarf;

/// <summary>One attribute specification of an abbreviation (name, form, and the DW_FORM_implicit_const value).</summary>
internal readonly record struct AttributeSpec(ushort Name, ushort Form, long ImplicitConst);

/// <summary>
/// One .debug_abbrev entry. <see cref="FixedSize"/> is the byte size of all attribute values when
/// every form has a fixed size for the unit's address/offset sizes (-1 otherwise), so the name
/// index can skip uninteresting DIEs with one addition.
/// </summary>
internal sealed class Abbreviation(ushort tag, bool hasChildren, AttributeSpec[] attributes, int fixedSize, int siblingPrefix, ushort siblingForm)
{
    /// <summary>
    /// Byte offset of the DW_AT_sibling value when every attribute before it has a fixed size
    /// (GCC lists DW_AT_sibling first), else -1: lets the index jump over a subtree after one read.
    /// </summary>
    public int SiblingPrefix { get; } = siblingPrefix;

    public ushort SiblingForm { get; } = siblingForm;

    public ushort Tag { get; } = tag;

    public bool HasChildren { get; } = hasChildren;

    public AttributeSpec[] Attributes { get; } = attributes;

    public int FixedSize { get; } = fixedSize;
}
