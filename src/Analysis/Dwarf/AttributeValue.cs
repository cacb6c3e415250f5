namespace Crashdesk.Analysis.Dwarf;

/// <summary>One decoded attribute value; interpretation depends on <see cref="Form"/>.</summary>
internal readonly record struct AttributeValue(ushort Name, ushort Form, ulong Unsigned, long Signed, int Start, int Length);
