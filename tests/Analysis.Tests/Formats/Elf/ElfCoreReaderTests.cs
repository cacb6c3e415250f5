using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Tests.Builders;

namespace Crashdesk.Analysis.Tests.Formats.Elf;

/// <summary>ELF vmcores beyond the fixtures: excluded load tails, a truncated segment, an executable and absurd headers.</summary>
public class ElfCoreReaderTests
{
    private static byte[] Pattern(int seed) => Enumerable.Range(0, 4096).Select(i => unchecked((byte)(i ^ seed))).ToArray();

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
