using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Analysis.Formats.Flattened;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Tests.Builders;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Formats;

/// <summary>The flattened index and ELF vmcores beyond the fixtures.</summary>
public class FlattenedAndElfTests
{
    private static byte[] Pattern(int seed) => Enumerable.Range(0, 4096).Select(i => unchecked((byte)(i ^ seed))).ToArray();

    [Fact]
    public void Flattened_index_equals_the_reassembled_file_even_with_overlapping_rewrites()
    {
        var b = new KdumpFileBuilder();
        b.Page(1, Pattern(1));
        b.Page(9, Pattern(9));
        byte[] plain = b.Build();
        // Out-of-order writes, then the header written again (makedumpfile rewrites it at the end), and a
        // garbage write later overwritten by the right bytes: the last write wins, as with -R.
        byte[] garbage = Enumerable.Repeat((byte)0x5a, 300).ToArray();
        var overwrites = new (long, byte[])[] { (100, garbage), (100, plain.AsSpan(100, 300).ToArray()), (0, plain.AsSpan(0, 4096).ToArray()) };
        byte[] flat = FlattenedWriter.Flatten(plain, 1000, shuffle: true, overwrites);
        using var source = new MemoryByteSource(flat);
        var fs = FlattenedByteSource.Open(source);
        Assert.Equal(plain.Length, fs.Length);
        var re = new byte[plain.Length];
        Assert.Equal(plain.Length, fs.Read(0, re));
        Assert.Equal(plain, re);
        Assert.False(fs.Truncated);
        var dump = DumpOpener.Open(source);
        Assert.Equal("kdump-compressed (flattened)", dump.Info.Format);
        var page = new byte[4096];
        Assert.Equal(4096, dump.PhysicalMemory.Read(9 * 4096, page));
        Assert.Equal(Pattern(9), page);
    }

    [Fact]
    public void Flattened_stream_without_end_marker_is_truncated()
    {
        var b = new KdumpFileBuilder();
        b.Page(1, Pattern(1));
        byte[] flat = FlattenedWriter.Flatten(b.Build(), 4096, shuffle: false, endMarker: false);
        using var source = new MemoryByteSource(flat.AsMemory(0, flat.Length - 100));
        var dump = DumpOpener.Open(source);
        Assert.True(dump.Info.Truncated);
    }

    [Fact]
    public void Fixture_flat_reads_the_same_memory_as_its_zlib_twin()
    {
        // The mini sysrq-c flat and zlib files come from one crash: identical memory.
        using var flat = new FileByteSource(FixtureDumps.DumpPath("mini-6.1-lockdep/sysrq-c/kdump-flat"));
        using var zlib = new FileByteSource(FixtureDumps.DumpPath("mini-6.1-lockdep/sysrq-c/kdump-zlib"));
        var a = KernelTarget.Open(flat);
        var b = KernelTarget.Open(zlib);
        ulong prb = a.VmcoreInfo.Symbol("printk_rb_static")!.Value;
        byte[] x = new byte[65536], y = new byte[65536];
        Assert.Equal(x.Length, a.KernelMemory.Read(prb, x));
        Assert.Equal(y.Length, b.KernelMemory.Read(prb, y));
        Assert.Equal(x, y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Elf_load_tail_is_excluded_not_data(bool pnXnum)
    {
        var e = new ElfCoreBuilder
        {
            Notes = new NoteBuilder().PrStatus(42, 0xffffffff81001234, 0xffffc90000011f00).VmcoreInfo("OSRELEASE=5.14.0-test\nCRASHTIME=1700000000\nNUMBER(phys_base)=-2097152\n").ToArray(),
        };
        e.Load(0x0, Pattern(1), 0x2000);          // second page excluded (p_filesz < p_memsz)
        e.Load(0x100000, Pattern(2).Concat(Pattern(3)).ToArray(), 0x2000, vaddr: 0xffff888000100000);
        using var source = new MemoryByteSource(e.Build(pnXnum));
        var t = KernelTarget.Open(source);
        var m = t.PhysicalMemory;
        Assert.Equal(PageState.Present, m.GetPageState(0));
        Assert.Equal(PageState.Excluded, m.GetPageState(0x1000));
        Assert.Equal(PageState.Absent, m.GetPageState(0x3000));
        var buf = new byte[0x2000];
        Assert.Equal(0x1000, m.Read(0, buf));
        Assert.Equal(0x2000, m.ReadZeroFilled(0, buf, out int fromDump));
        Assert.Equal(0x1000, fromDump);
        Assert.Equal(0x2000, m.Read(0x100000, buf));
        Assert.Equal(Pattern(3), buf[0x1000..]);
        Assert.Equal(1, t.FileInfo.PagesExcluded);
        Assert.Equal(3, t.FileInfo.PagesPresent);
        Assert.Equal(42, t.Cpus.Single().Pid);
        Assert.Equal("5.14.0-test", t.Release);
        // NUMBER(phys_base) is signed: −2 MiB.
        Assert.Equal(unchecked((ulong)-2097152L), t.Translator.PhysBase);
    }

    [Fact]
    public void Elf_truncated_segment_reads_what_is_there()
    {
        var e = new ElfCoreBuilder { Notes = new NoteBuilder().VmcoreInfo("OSRELEASE=x\n").ToArray() };
        e.Load(0, Pattern(1).Concat(Pattern(2)).ToArray(), 0x2000);
        byte[] bytes = e.Build();
        using var source = new MemoryByteSource(bytes.AsMemory(0, bytes.Length - 4096));
        var dump = DumpOpener.Open(source);
        Assert.True(dump.Info.Truncated);
        Assert.Equal(0x1000, dump.PhysicalMemory.Read(0, new byte[0x2000]));
    }

    [Fact]
    public void Elf_executable_and_absurd_headers()
    {
        var exec = new ElfCoreBuilder { Type = ElfFileType.Executable };
        exec.Load(0, Pattern(1), 0x1000);
        using (var s = new MemoryByteSource(exec.Build()))
            Assert.Contains("vmlinux", Assert.Throws<NotSupportedException>(() => DumpOpener.Open(s)).Message);
        var bad = new ElfCoreBuilder();
        bad.Load(0, Pattern(1), 0x10); // p_filesz > p_memsz
        using (var s = new MemoryByteSource(bad.Build()))
        {
            var ex = Assert.Throws<DumpFormatException>(() => DumpOpener.Open(s));
            Assert.Contains("p_filesz", ex.Message);
            Assert.Contains("file offset 0x", ex.Message);
        }
    }
}
