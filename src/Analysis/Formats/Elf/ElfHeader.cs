using System.Buffers.Binary;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Elf;

/// <summary>The parts of Elf64_Ehdr (elf(5)) a vmcore reader needs.</summary>
public sealed record ElfHeader(byte Class, byte Data, ushort Type, ushort Machine, ulong ProgramHeaderOffset, ushort ProgramHeaderEntrySize, uint ProgramHeaderCount)
{
    /// <summary>EM_X86_64.</summary>
    public const ushort EmX86_64 = 62;

    /// <summary>True when the source starts with the ELF magic.</summary>
    public static bool HasMagic(IByteSource source)
    {
        Span<byte> m = stackalloc byte[4];
        return source.TryReadExactly(0, m) && m.SequenceEqual("\u007fELF"u8);
    }

    /// <summary>Reads e_ident and the 64-bit header fields (values unchecked except PN_XNUM resolution).</summary>
    public static ElfHeader Read(IByteSource source)
    {
        Span<byte> b = stackalloc byte[64];
        source.ReadExactly(0, b, "Elf64_Ehdr");
        byte cls = b[4], data = b[5];
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(b[16..]);
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(b[18..]);
        if (cls != 2 || data != 1)
            return new ElfHeader(cls, data, type, machine, 0, 0, 0);
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(b[32..]);
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(b[40..]);
        ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(b[54..]);
        uint phnum = BinaryPrimitives.ReadUInt16LittleEndian(b[56..]);
        if (phnum == 0xffff && shoff is > 0 and < long.MaxValue)
        {
            // PN_XNUM: the real count is in section header 0's sh_info (elf(5)).
            Span<byte> sh = stackalloc byte[4];
            if (source.TryReadExactly((long)shoff + 44, sh))
                phnum = BinaryPrimitives.ReadUInt32LittleEndian(sh);
        }
        return new ElfHeader(cls, data, type, machine, phoff, phentsize, phnum);
    }
}
