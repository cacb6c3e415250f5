namespace Crashdesk.Analysis.Types;

/// <summary>A struct/union member.</summary>
/// <param name="Name">Member name; null for an anonymous struct/union member.</param>
/// <param name="Type">The member's type.</param>
/// <param name="BitOffset">Offset in bits from the start of the containing type (little-endian numbering).</param>
/// <param name="BitSize">Width of a bitfield, 0 for ordinary members.</param>
public sealed record KernelMember(string? Name, KernelType Type, long BitOffset, int BitSize)
{
    /// <summary>Byte offset (for a bitfield, the byte holding its first bit, as gdb and crash print it).</summary>
    public long Offset => BitOffset >> 3;

    /// <summary>True for bitfields.</summary>
    public bool IsBitfield => BitSize != 0;
}
