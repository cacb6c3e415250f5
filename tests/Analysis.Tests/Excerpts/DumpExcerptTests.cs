using System.Buffers.Binary;
using Crashdesk.Analysis.Excerpts;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Tests.Support;
using Xunit.Abstractions;

namespace Crashdesk.Analysis.Tests.Excerpts;

/// <summary>
/// Dump excerpts: the ranges the log-only pass reads, cut from the real fixture dumps (kdump-compressed,
/// flattened, ELF), give the panic line crash printed (meta.json) and the same kernel log and triage as the
/// whole dump, from a small share of it; a corrupt excerpt is refused naming what is wrong.
/// </summary>
public sealed class DumpExcerptTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib")]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo")]
    [InlineData("mini-6.1-lockdep/sysrq-c/kdump-flat")]
    [InlineData("mini-6.1-lockdep/warn/kdump-elf31")]
    [InlineData("mini-6.1-lockdep/sysrq-c/qemu-kdump-zlib")]
    public void An_excerpt_gives_the_panic_line_log_and_triage_of_the_whole_dump(string id)
    {
        using var dump = new FileByteSource(FixtureDumps.DumpPath(id));
        var plan = DumpExcerptPlanner.Plan(dump);
        using var excerpt = new MemoryStream();
        long size = DumpExcerptWriter.Write(dump, plan.Ranges, Path.GetFileName(FixtureDumps.DumpPath(id)), excerpt);
        output.WriteLine($"{id}: excerpt {size} bytes = {100.0 * size / dump.Length:F2} % of {dump.Length} in {plan.Ranges.Ranges.Count} ranges");

        using var source = DumpExcerptSource.TryOpen(new MemoryByteSource(excerpt.ToArray(), "dump.triage"))!;
        Assert.Equal(dump.Length, source.Length);
        Assert.Equal(plan.Ranges.Total, source.BytesPresent);
        var fromExcerpt = DumpAnalyzer.Analyze(source, new AnalysisOptions { Extractors = DumpExcerpt.Extractors });
        var whole = DumpAnalyzer.Analyze(dump, new AnalysisOptions { Extractors = DumpExcerpt.Extractors });

        Assert.Equal(FixtureDumps.Meta(id).GetProperty("crash_panic").GetString(), fromExcerpt.PanicLine);
        Assert.Equal(whole.KernelLog, fromExcerpt.KernelLog);
        Assert.Equal(whole.Triage!.Primary!.Signature, fromExcerpt.Triage!.Primary!.Signature);
        Assert.Equal(whole.Triage.Primary.Title, fromExcerpt.Triage.Primary.Title);
        Assert.Empty(fromExcerpt.Failures);
        Assert.Equal(plan.PanicLine, fromExcerpt.PanicLine);
        // The point of an excerpt: a small share of the dump (the log pass over S3 reads under 4 %).
        Assert.True(size * 10 < dump.Length, $"the excerpt is {100.0 * size / dump.Length:F1} % of the dump");
    }

    [Fact]
    public void Bytes_an_excerpt_lacks_read_as_the_end_of_the_file_never_as_zeros()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 251)).ToArray();
        using var dump = new MemoryByteSource(data, "dump.bin");
        var ranges = new ByteRanges();
        ranges.Add(100, 50);
        ranges.Add(5000, 10);
        using var excerpt = new MemoryStream();
        DumpExcerptWriter.Write(dump, ranges, "dump.bin", excerpt);
        using var source = DumpExcerptSource.TryOpen(new MemoryByteSource(excerpt.ToArray(), "dump.triage"))!;

        var buffer = new byte[100];
        Assert.Equal(50, source.Read(100, buffer));            // the range, then its end
        Assert.True(data.AsSpan(100, 50).SequenceEqual(buffer.AsSpan(0, 50)));
        Assert.Equal(0, source.Read(99, buffer));               // before the range: missing
        Assert.Equal(5, source.Read(5005, buffer));
        Assert.Equal(0, source.Read(9_000, buffer));
        Assert.Equal(10_000, source.Length);
        Assert.Equal("dump.bin", source.DumpFileName);
    }

    [Fact]
    public void A_corrupt_excerpt_is_refused_naming_what_is_wrong()
    {
        var data = new byte[8192];
        using var dump = new MemoryByteSource(data, "dump.bin");
        var ranges = new ByteRanges();
        ranges.Add(0, 100);
        ranges.Add(1000, 100);
        using var stream = new MemoryStream();
        DumpExcerptWriter.Write(dump, ranges, "dump.bin", stream);
        byte[] good = stream.ToArray();

        string Refusal(Action<byte[]> corrupt)
        {
            var bad = (byte[])good.Clone();
            corrupt(bad);
            return Assert.Throws<DumpFormatException>(() => DumpExcerptSource.TryOpen(new MemoryByteSource(bad, "x.triage"))).Message;
        }

        Assert.Contains("ranges, outside", Refusal(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), int.MaxValue)));
        Assert.Contains("file name of", Refusal(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(20), -1)));
        Assert.Contains("is not inside the dump", Refusal(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24 + 16 + 8), long.MaxValue)));
        Assert.Contains("is not after the end of range 0", Refusal(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24 + 16), 50)));
        Assert.Contains("the dump length", Refusal(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), 0)));
        var cut = good[..^1];
        Assert.Contains("cut or padded", Assert.Throws<DumpFormatException>(() => DumpExcerptSource.TryOpen(new MemoryByteSource(cut, "x.triage"))).Message);
        Assert.Null(DumpExcerptSource.TryOpen(dump));
    }

    [Fact]
    public void Ranges_merge_when_they_touch_and_coalesce_across_small_gaps_inside_the_file()
    {
        var ranges = new ByteRanges();
        ranges.Add(10, 10);
        ranges.Add(20, 5);      // touches: one range 10..25
        ranges.Add(100, 1);
        ranges.Add(0, 12);      // overlaps the first
        Assert.Equal([(0L, 25L), (100L, 1L)], ranges.Ranges);
        Assert.Equal(26, ranges.Total);
        var coalesced = ranges.Coalesced(gap: 80, align: 16, limit: 110);
        Assert.Equal([(0L, 110L)], coalesced.Ranges);           // 0..32 and 96..112 → one, cut at the file's end
        Assert.Equal([(0L, 32L), (96L, 14L)], ranges.Coalesced(gap: 10, align: 16, limit: 110).Ranges);
    }
}
