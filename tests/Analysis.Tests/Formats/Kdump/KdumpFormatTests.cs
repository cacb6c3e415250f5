using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Tests.Builders;

namespace Crashdesk.Analysis.Tests.Formats.Kdump;

/// <summary>kdump-compressed variants the fixtures lack, written byte for byte by <see cref="KdumpFileBuilder"/>.</summary>
public class KdumpFormatTests
{
    private static byte[] Pattern(int seed) => Enumerable.Range(0, 4096).Select(i => unchecked((byte)(i * seed + seed))).ToArray();

    private static KdumpFileBuilder Sample(int version = 6, string signature = "KDUMP   ", uint status = 1)
    {
        var b = new KdumpFileBuilder { HeaderVersion = version, Signature = signature, Status = status };
        b.Page(1, Pattern(3));
        b.Page(2, new byte[4096]);               // zero page
        b.Page(3, Pattern(5), compress: false);  // raw: size == block size
        b.Excluded(4);
        b.Page(5, new byte[4096]);               // shares the zero page's block
        b.Page(200, Pattern(7));
        return b;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Every_header_version_reads_pages(int version)
    {
        using var source = new MemoryByteSource(Sample(version).Build());
        var dump = DumpOpener.Open(source);
        var m = dump.PhysicalMemory;
        Assert.Equal(Pattern(3), Read(m, 0x1000));
        Assert.Equal(new byte[4096], Read(m, 0x2000));
        Assert.Equal(Pattern(5), Read(m, 0x3000));
        Assert.Equal(Pattern(7), Read(m, 200 * 4096));
        Assert.Equal(version >= 3, dump.VmcoreInfoText is not null);
        Assert.Equal(5, dump.Info.PagesPresent);
        Assert.Equal(1, dump.Info.PagesExcluded);
        Assert.Equal(31, dump.Info.DumpLevel);
        Assert.Equal("6.1.0-test", dump.Info.UtsName!.Release);
    }

    [Fact]
    public void Diskdump_signature_has_no_kdump_sub_header()
    {
        using var source = new MemoryByteSource(Sample(signature: "DISKDUMP").Build());
        var dump = DumpOpener.Open(source);
        Assert.Equal("diskdump", dump.Info.Format);
        Assert.Null(dump.VmcoreInfoText);
        Assert.Equal(Pattern(7), Read(dump.PhysicalMemory, 200 * 4096));
    }

    [Fact]
    public void Excluded_and_absent_pages_are_reported_not_guessed()
    {
        using var source = new MemoryByteSource(Sample().Build());
        var m = DumpOpener.Open(source).PhysicalMemory;
        Assert.Equal(PageState.Excluded, m.GetPageState(4 * 4096));
        Assert.Equal(PageState.Absent, m.GetPageState(6 * 4096));
        Assert.Equal(PageState.Absent, m.GetPageState(300 * 4096)); // beyond max_mapnr
        Span<byte> buf = stackalloc byte[8192];
        Assert.Equal(4096, m.Read(3 * 4096, buf));             // page 3 present, page 4 excluded: stops
        buf.Fill(0xee);
        Assert.Equal(8192, m.ReadZeroFilled(3 * 4096, buf, out int fromDump));
        Assert.Equal(4096, fromDump);
        Assert.True(buf[4096..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Incomplete_flag_and_unwritten_descriptors()
    {
        var b = Sample(status: 0x1 | 0x8); // DUMP_DH_COMPRESSED_INCOMPLETE
        using var source = new MemoryByteSource(b.Build(leaveDescriptorZero: pfn => pfn == 200));
        var dump = DumpOpener.Open(source);
        Assert.True(dump.Info.Incomplete);
        Assert.Equal(0, dump.PhysicalMemory.Read(200 * 4096, new byte[8]));
        Assert.Equal(PageState.Excluded, dump.PhysicalMemory.GetPageState(200 * 4096));
        Assert.Equal(Pattern(3), Read(dump.PhysicalMemory, 0x1000));
    }

    [Fact]
    public void Truncated_file_reads_up_to_where_data_ends()
    {
        var b = Sample();
        byte[] whole = b.Build();
        // Cut inside the last page's data: earlier pages stay readable.
        long cut = whole.Length - b.VmcoreInfo.Length - 10;
        using var source = new MemoryByteSource(whole.AsMemory(0, (int)cut));
        var dump = DumpOpener.Open(source);
        Assert.True(dump.Info.Truncated);
        Assert.Equal(Pattern(3), Read(dump.PhysicalMemory, 0x1000));
        Assert.Equal(0, dump.PhysicalMemory.Read(200 * 4096, new byte[8]));
        // Cut inside the descriptor table.
        using var cutDescs = new MemoryByteSource(whole.AsMemory(0, (int)b.DescriptorOffset + 30));
        var d2 = DumpOpener.Open(cutDescs);
        Assert.True(d2.Info.Truncated);
        Assert.Equal(0, d2.PhysicalMemory.Read(200 * 4096, new byte[8]));
    }

    [Fact]
    public void Corrupt_descriptor_names_the_page_and_offset()
    {
        var b = Sample();
        byte[] bytes = b.Build();
        // Descriptor of pfn 1 (the first): size 5000 > block size.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)b.DescriptorOffset + 8), 5000);
        using var source = new MemoryByteSource(bytes);
        var m = DumpOpener.Open(source).PhysicalMemory;
        var e = Assert.Throws<DumpFormatException>(() => m.Read(0x1000, new byte[8]));
        Assert.Contains("pfn 0x1", e.Message);
        Assert.Contains($"0x{b.DescriptorOffset:x}", e.Message);
    }

    [Fact]
    public void Notes_give_registers_and_vmcoreinfo_gives_facts()
    {
        var b = new KdumpFileBuilder
        {
            Notes = new NoteBuilder().PrStatus(17, 0xffffffff81000010, 0xffffc90000003f00).PrStatus(0, 0xffffffff81000020, 0xffffc90000007f00).ToArray(),
        };
        b.Page(1, Pattern(1));
        using var source = new MemoryByteSource(b.Build());
        var t = KernelTarget.Open(source);
        Assert.Equal(2, t.Cpus.Count);
        Assert.Equal((17, 0xffffffff81000010UL, 0xffffc90000003f00UL), (t.Cpus[0].Pid, t.Cpus[0].Registers.Rip, t.Cpus[0].Registers.Rsp));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 15, 45, TimeSpan.Zero), t.CrashTime);
        Assert.Equal("6.1.0-test", t.Release);
    }

    private static byte[] Read(PhysicalMemory m, ulong address)
    {
        var buf = new byte[4096];
        Assert.Equal(4096, m.Read(address, buf));
        return buf;
    }
}
