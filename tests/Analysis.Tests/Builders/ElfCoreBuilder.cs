using System.Buffers.Binary;
using Crashdesk.Analysis.Binary;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>
/// An ELF64 ET_CORE vmcore laid out as /proc/vmcore and makedumpfile -E do (elf(5); fs/proc/vmcore.c):
/// Elf64_Ehdr, program headers (one PT_NOTE first, then PT_LOADs), notes, segment data. A PT_LOAD may
/// have p_filesz &lt; p_memsz (the excluded tail). With more than 0xfffe headers e_phnum = PN_XNUM and
/// section header 0's sh_info holds the count.
/// </summary>
public sealed class ElfCoreBuilder
{
    private readonly List<(ulong Paddr, ulong Vaddr, byte[] Data, ulong MemSize)> _loads = new();

    public byte[] Notes { get; init; } = [];
    public ushort Type { get; init; } = ElfFileType.Core;

    public void Load(ulong paddr, byte[] data, ulong memSize, ulong vaddr = 0) => _loads.Add((paddr, vaddr, data, memSize));

    public byte[] Build(bool forcePnXnum = false)
    {
        int phnum = 1 + _loads.Count;
        long phoff = 64;
        long shoff = phoff + phnum * 56L;
        long notesAt = shoff + 64;
        long dataAt = notesAt + Notes.Length;
        var f = new MemoryStream();
        var eh = new byte[64];
        eh[0] = 0x7f; eh[1] = (byte)'E'; eh[2] = (byte)'L'; eh[3] = (byte)'F'; eh[4] = 2; eh[5] = 1; eh[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(eh.AsSpan(16), Type);
        BinaryPrimitives.WriteUInt16LittleEndian(eh.AsSpan(18), 62);
        BinaryPrimitives.WriteUInt32LittleEndian(eh.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(eh.AsSpan(32), (ulong)phoff);
        BinaryPrimitives.WriteUInt64LittleEndian(eh.AsSpan(40), forcePnXnum ? (ulong)shoff : 0);
        BinaryPrimitives.WriteUInt16LittleEndian(eh.AsSpan(52), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(eh.AsSpan(54), 56);
        BinaryPrimitives.WriteUInt16LittleEndian(eh.AsSpan(56), forcePnXnum ? (ushort)0xffff : (ushort)phnum);
        BinaryPrimitives.WriteUInt16LittleEndian(eh.AsSpan(58), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(eh.AsSpan(60), forcePnXnum ? (ushort)1 : (ushort)0);
        f.Write(eh);
        f.Write(Phdr(4, notesAt, 0, 0, (ulong)Notes.Length, (ulong)Notes.Length));
        long at = dataAt;
        foreach (var l in _loads)
        {
            f.Write(Phdr(1, at, l.Vaddr, l.Paddr, (ulong)l.Data.Length, l.MemSize));
            at += l.Data.Length;
        }
        var sh = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(sh.AsSpan(44), (uint)phnum); // sh_info = real e_phnum
        f.Write(sh);
        f.Write(Notes);
        foreach (var l in _loads)
            f.Write(l.Data);
        return f.ToArray();
    }

    private static byte[] Phdr(uint type, long offset, ulong vaddr, ulong paddr, ulong filesz, ulong memsz)
    {
        var p = new byte[56];
        BinaryPrimitives.WriteUInt32LittleEndian(p, type);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), 7);
        BinaryPrimitives.WriteUInt64LittleEndian(p.AsSpan(8), (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(p.AsSpan(16), vaddr);
        BinaryPrimitives.WriteUInt64LittleEndian(p.AsSpan(24), paddr);
        BinaryPrimitives.WriteUInt64LittleEndian(p.AsSpan(32), filesz);
        BinaryPrimitives.WriteUInt64LittleEndian(p.AsSpan(40), memsz);
        return p;
    }
}
