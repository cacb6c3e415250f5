using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Analysis.Formats.Flattened;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Tests.Builders;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Formats.Flattened;

/// <summary>makedumpfile's flattened format (-F): the index rebuilt from the stream, a stream cut short, a fixture against its zlib twin.</summary>
public class FlattenedByteSourceTests
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
}
