using System.Buffers.Binary;
using Crashdesk.Analysis.Binary;

namespace Crashdesk.Fuzz.Seeds;

/// <summary>
/// A kernel module's DWARF sections with their relocations applied: in an ET_REL object every
/// reference from .debug_info into .debug_str or .debug_abbrev is 0 plus a RELA addend, so unrelocated
/// sections name no type. Applies R_X86_64_64 and R_X86_64_32 (S + A; x86-64 psABI 4.4.1) against the
/// symbol table's values — what the kernel's module loader and libdwfl do for a .ko.
/// </summary>
public static class RelocatedDwarf
{
    private const uint R64 = 1, R32 = 10;

    public static byte[] Section(ElfImage image, string name)
    {
        byte[] contents = image.GetContents(name).ToArray();
        if (!image.TryGetSection(".rela" + name, out var rela) || !image.TryGetSection(".symtab", out var symtab))
            return contents;
        var relocations = image.GetContents(rela).Span;
        var symbols = image.GetContents(symtab).Span;
        for (int at = 0; at + 24 <= relocations.Length; at += 24)
        {
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(relocations[at..]);
            ulong info = BinaryPrimitives.ReadUInt64LittleEndian(relocations[(at + 8)..]);
            long addend = BinaryPrimitives.ReadInt64LittleEndian(relocations[(at + 16)..]);
            int sym = (int)(info >> 32);
            uint type = (uint)info;
            ulong value = sym * 24 + 16 <= symbols.Length ? BinaryPrimitives.ReadUInt64LittleEndian(symbols[(sym * 24 + 8)..]) : 0;
            ulong result = unchecked(value + (ulong)addend);
            if (type == R64 && offset + 8 <= (ulong)contents.Length)
                BinaryPrimitives.WriteUInt64LittleEndian(contents.AsSpan((int)offset), result);
            else if (type == R32 && offset + 4 <= (ulong)contents.Length)
                BinaryPrimitives.WriteUInt32LittleEndian(contents.AsSpan((int)offset), (uint)result);
        }
        return contents;
    }
}
