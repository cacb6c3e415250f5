using System.Buffers.Binary;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Tests.Builders;

namespace Crashdesk.Analysis.Tests.Extractors.Dmesg;

/// <summary>The 3.5–5.9 record buffer, laid out by <see cref="PrintkLogBufferBuilder"/> as those kernels did.</summary>
public class PrintkLogRecordReaderTests
{
    private static string Expected(IEnumerable<(ulong Ts, string Text)> messages) =>
        string.Concat(messages.Select(m => $"[{m.Ts / 1_000_000_000,5}.{m.Ts % 1_000_000_000 / 1000:D6}] {m.Text.Replace("\n", "\n" + new string(' ', 15))}\n"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wrapped_buffer_reads_the_retained_records_in_order(bool oldStructLog)
    {
        var b = new PrintkLogBufferBuilder(4096, oldStructLog);
        for (int i = 0; i < 300; i++)
            b.Store((ulong)i * 12_345_678 + 1_000, $"message number {i} " + new string('x', i % 37));
        var memory = new FakeMemory();
        var info = b.Place(memory);
        var log = KernelLogExtractor.Extract(memory, info);
        Assert.Equal(oldStructLog ? KernelLogLayout.LogRecords : KernelLogLayout.PrintkLogRecords, log.Layout);
        Assert.True(b.Retained.Count() is > 20 and < 300);
        Assert.Equal(Expected(b.Retained), log.ToCrashText());
    }

    [Fact]
    public void Multi_line_and_unprintable_text_render_like_crash()
    {
        var b = new PrintkLogBufferBuilder(1 << 14);
        b.Store(5_000_000, "first line\nsecond line");
        b.Store(123_456_789_012, "tab\there \u0001bell");
        var memory = new FakeMemory();
        var log = KernelLogExtractor.Extract(memory, b.Place(memory));
        Assert.Equal("[    0.005000] first line\n               second line\n[  123.456789] tab\there .bell\n", log.ToCrashText());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_records_level_is_read_for_crashs_log_m(bool oldStructLog)
    {
        // The builder stores every record at level 6 (KERN_INFO) in the flags:5 level:3 byte, as
        // log_store() does; crash's log -m prints "<6>" after the time, continuation lines indented past it.
        var b = new PrintkLogBufferBuilder(1 << 14, oldStructLog);
        b.Store(5_000_000, "first line\nsecond line");
        var memory = new FakeMemory();
        var log = KernelLogExtractor.Extract(memory, b.Place(memory));
        Assert.Equal(6, Assert.Single(log.Records).Level);
        Assert.Equal("[    0.005000] <6>first line\n                  second line\n", log.ToCrashText(new CrashLogStyle(ShowLevel: true)));
    }

    [Fact]
    public void A_looping_buffer_ends()
    {
        var b = new PrintkLogBufferBuilder(4096);
        for (int i = 0; i < 10; i++)
            b.Store((ulong)i, $"m{i}");
        var memory = new FakeMemory();
        // The third record (20-byte records) claims to be the wrap marker (len 0): the walk goes
        // back to index 0, a record it has already printed, and never reaches log_next_idx.
        var info = b.Place(memory, buf => BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(2 * 20 + 8), 0));
        var log = KernelLogExtractor.Extract(memory, info);
        Assert.Equal(["m0", "m1"], log.Records.Select(r => r.Text));
    }
}
