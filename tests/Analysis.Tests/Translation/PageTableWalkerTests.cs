using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Tests.Builders;
using Crashdesk.Analysis.Translation;

namespace Crashdesk.Analysis.Tests.Translation;

/// <summary>4- and 5-level walks with 4 KiB, 2 MiB and 1 GiB pages over byte-level page tables.</summary>
public class PageTableWalkerTests
{
    [Theory]
    [InlineData(false, 0xffffc90000123000UL)] // vmalloc (4-level)
    [InlineData(true, 0xffa0000000123000UL)]  // vmalloc (5-level: VMALLOC_START_L5)
    public void Four_kib_pages(bool fiveLevel, ulong va)
    {
        var b = new PageTableBuilder(new FakePhysicalMemory(), fiveLevel);
        b.Map(va, 0x1234_5000);
        var w = b.Walker();
        Assert.True(w.TryTranslate(va + 0x10, out ulong pa, out ulong size));
        Assert.Equal(0x1234_5010UL, pa);
        Assert.Equal(4096UL, size);
        Assert.False(w.TryTranslate(va + 0x1000, out _, out _)); // next page unmapped
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Huge_pages(bool fiveLevel)
    {
        ulong base2m = fiveLevel ? 0xff11000040000000UL : 0xffff888040000000UL;
        ulong base1g = fiveLevel ? 0xff11000100000000UL : 0xffff888100000000UL;
        var b = new PageTableBuilder(new FakePhysicalMemory(), fiveLevel);
        b.Map(base2m, 0x0060_0000, 1UL << 21);
        b.Map(base1g, 0x8000_0000, 1UL << 30);
        var w = b.Walker();
        Assert.True(w.TryTranslate(base2m + 0x1f_fff8, out ulong pa2, out ulong s2));
        Assert.Equal((0x0060_0000UL + 0x1f_fff8, 1UL << 21), (pa2, s2));
        Assert.True(w.TryTranslate(base1g + 0x3abc_d123, out ulong pa1, out ulong s1));
        Assert.Equal((0x8000_0000UL + 0x3abc_d123, 1UL << 30), (pa1, s1));
    }

    [Fact]
    public void Five_level_uses_bits_48_to_56()
    {
        // Two addresses that differ only in the PML5 index must not alias.
        var b = new PageTableBuilder(new FakePhysicalMemory(), fiveLevel: true);
        b.Map(0xff00_0000_0000_0000, 0x1000);
        b.Map(0xff01_0000_0000_0000, 0x2000);
        var w = b.Walker();
        Assert.True(w.TryTranslate(0xff00_0000_0000_0008, out ulong a, out _));
        Assert.True(w.TryTranslate(0xff01_0000_0000_0008, out ulong c, out _));
        Assert.Equal((0x1008UL, 0x2008UL), (a, c));
        // A 4-level walker over the same tables cannot even express those addresses (not canonical).
        Assert.False(new X86_64PageTableWalker(b.Memory, b.Root, fiveLevel: false).TryTranslate(0xff00_0000_0000_0008, out _, out _));
    }

    [Fact]
    public void Non_canonical_and_missing_tables_fail()
    {
        var b = new PageTableBuilder(new FakePhysicalMemory(), fiveLevel: false);
        b.Map(0xffffc90000000000, 0x5000);
        var w = b.Walker();
        Assert.False(w.TryTranslate(0x0000_9000_0000_0000, out _, out _));
        Assert.False(w.TryTranslate(0xffff_7fff_ffff_f000, out _, out _));
        // A present entry pointing at a table that is not in the dump.
        var broken = new X86_64PageTableWalker(new FakePhysicalMemory(), 0x9999_0000, fiveLevel: false);
        Assert.False(broken.TryTranslate(0xffffc90000000000, out _, out _));
    }

    [Theory]
    [InlineData(false, 0xffff912200000000UL)]
    [InlineData(true, 0xff3a4c0000000000UL)]
    public void Direct_map_base_is_found_by_the_mapping_of_physical_zero(bool fiveLevel, ulong pageOffsetBase)
    {
        var b = new PageTableBuilder(new FakePhysicalMemory(), fiveLevel);
        // An LDT-remap-like mapping lower in the kernel half (maps something else) must be skipped.
        b.Map(fiveLevel ? 0xff00_0000_0000_0000UL : 0xffff_8800_0000_0000UL, 0x3000);
        b.Map(pageOffsetBase, 0, 1UL << 30);
        b.Map(pageOffsetBase + (1UL << 30), 1UL << 30, 1UL << 30);
        Assert.Equal(pageOffsetBase, b.Walker().FindDirectMapBase());
    }

    [Fact]
    public void Kernel_memory_reads_across_discontiguous_pages()
    {
        var mem = new FakePhysicalMemory();
        var b = new PageTableBuilder(mem, fiveLevel: false);
        const ulong va = 0xffffc90000400000;
        b.Map(va, 0x0010_0000);
        b.Map(va + 0x1000, 0x0003_0000); // physically below the first page
        mem.Write(0x0010_0ffc, [1, 2, 3, 4]);
        mem.Write(0x0003_0000, [5, 6, 7, 8]);
        var km = new KernelMemory(mem, new X86_64AddressTranslator(0, 1UL << 30, null, b.Walker()));
        Assert.Equal(0x0807060504030201UL, km.ReadU64(va + 0xffc));
        Span<byte> over = stackalloc byte[16];
        Assert.Equal(8, km.Read(va + 0x1ff8, over)); // stops at the unmapped third page
    }
}
