using System.Buffers.Binary;
using Crashdesk.Analysis.Translation;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>
/// Builds x86_64 page tables byte by byte in a <see cref="FakePhysicalMemory"/> (Intel SDM vol. 3
/// §4.5: 512 8-byte entries per table, bit 0 present, bit 7 PS at the PDPT/PD levels for 1 GiB /
/// 2 MiB pages, bits 12..51 the next table or frame; bit 63 NX set on data mappings as Linux does).
/// </summary>
public sealed class PageTableBuilder
{
    private const ulong Flags = 0x63; // present | rw | accessed | dirty
    private const ulong Nx = 1UL << 63;
    private ulong _nextTable;

    public PageTableBuilder(FakePhysicalMemory memory, bool fiveLevel, ulong tablesAt = 0x7000_0000)
    {
        Memory = memory;
        FiveLevel = fiveLevel;
        _nextTable = tablesAt;
        Root = NewTable();
    }

    public FakePhysicalMemory Memory { get; }
    public bool FiveLevel { get; }
    public ulong Root { get; }

    public X86_64PageTableWalker Walker() => new(Memory, Root, FiveLevel);

    /// <summary>Maps one page of <paramref name="size"/> (4 KiB, 2 MiB or 1 GiB) at <paramref name="va"/> to <paramref name="pa"/>.</summary>
    public void Map(ulong va, ulong pa, ulong size = 4096)
    {
        int leafShift = size switch { 4096 => 12, 1UL << 21 => 21, 1UL << 30 => 30, _ => throw new ArgumentException("size") };
        ulong table = Root;
        for (int shift = FiveLevel ? 48 : 39; ; shift -= 9)
        {
            ulong slot = table + ((va >> shift) & 511) * 8;
            if (shift == leafShift)
            {
                Write(slot, (pa & ~(size - 1)) | Flags | Nx | (shift == 12 ? 0 : 0x80UL));
                return;
            }
            ulong entry = Read(slot);
            if ((entry & 1) == 0)
            {
                entry = NewTable() | 0x67;
                Write(slot, entry);
            }
            table = entry & X86_64Layout.PfnMask;
        }
    }

    private ulong NewTable()
    {
        ulong t = _nextTable;
        _nextTable += 4096;
        Memory.Page(t);
        return t;
    }

    private ulong Read(ulong pa) => BinaryPrimitives.ReadUInt64LittleEndian(Memory.Page(pa).AsSpan((int)(pa & 0xfff)));

    private void Write(ulong pa, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Memory.Page(pa).AsSpan((int)(pa & 0xfff)), value);
}
