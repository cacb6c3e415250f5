using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Tests.Builders;

namespace Crashdesk.Analysis.Tests.Extractors.Dmesg;

/// <summary>
/// The pre-5.10 buffers with a page the dump does not hold: the records (lines) outside the hole are
/// all returned, in order, and the hole is named; nothing from inside it is invented.
/// </summary>
public sealed class LogBufferHoleTests
{
    [Fact]
    public void Variable_length_records_around_a_missing_text_page_are_kept_and_the_lost_ones_named()
    {
        var b = new PrintkLogBufferBuilder(1 << 14);
        // 200-byte texts: the second page (4096..8191) holds about twenty whole records, none of
        // them starting a page, so the walk keeps finding headers... except where a header lies in it.
        for (int i = 0; i < 60; i++)
            b.Store((ulong)(i + 1) * 1_000_000, $"message {i:D2} " + new string('x', 180));
        var memory = new FakeMemory();
        var info = b.Place(memory);
        var holey = new HoleyMemory(memory, b.LogBufAddress + 4096, b.LogBufAddress + 8192);

        var log = KernelLogExtractor.Extract(holey, info);

        var all = b.Retained.Select(r => r.Text).ToList();
        var kept = log.Records.Select(r => r.Text).ToList();
        Assert.True(kept.Count > 0 && kept.Count < all.Count, $"{kept.Count} of {all.Count}");
        Assert.Equal(all.Take(kept.Count), kept); // a header in the hole ends the walk: a prefix
        Assert.NotEmpty(log.Missing);
        Assert.Contains("not in the dump", log.Missing[0]);
        Assert.Contains(log.Warnings, w => w.Contains("cannot be found", StringComparison.Ordinal));
        Assert.False(log.IsComplete);
    }

    [Fact]
    public void A_character_buffer_with_a_missing_page_keeps_every_whole_line_outside_it()
    {
        var b = new LegacyLogBufferBuilder(1 << 14);
        for (int i = 0; i < 120; i++)
            b.Printk(6, (ulong)(i + 1) * 1_000_000, $"legacy line {i:D3} " + new string('y', 80));
        var memory = new FakeMemory();
        var info = b.Place(memory);
        ulong logBuf = info.Symbol("log_buf") is { } p ? Ptr(memory, p) : 0;
        var holey = new HoleyMemory(memory, logBuf + 4096, logBuf + 8192);

        var whole = KernelLogExtractor.Extract(memory, info).Records.Select(r => r.Text).ToList();
        var log = KernelLogExtractor.Extract(holey, info);

        var kept = log.Records.Select(r => r.Text).ToList();
        Assert.True(kept.Count > 10 && kept.Count < whole.Count - 10, $"{kept.Count} of {whole.Count}");
        Assert.All(kept, line => Assert.Contains(line, whole)); // no line cut by the hole
        Assert.Equal(whole.Where(kept.Contains).ToList(), kept);
        Assert.Single(log.Missing);
        Assert.StartsWith("bytes 4096–8191 of log_buf", log.Missing[0]);
    }

    private static ulong Ptr(FakeMemory memory, ulong at)
    {
        Span<byte> b = stackalloc byte[8];
        memory.Read(at, b);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b);
    }
}
