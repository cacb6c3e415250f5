using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Tests.Builders;

namespace Crashdesk.Analysis.Tests.Extractors.Dmesg;

/// <summary>The lockless ring buffer beyond what the fixtures exercise: wrapped blocks, reusable and data-less descriptors, id wrap.</summary>
public class PrintkRingBufferReaderTests
{
    [Fact]
    public void Wrapped_data_blocks_and_reusable_descriptors()
    {
        var b = new PrintkRingBufferBuilder(countBits: 5, sizeBits: 10, firstId: 1000);
        for (int i = 0; i < 200; i++)
            b.Write((ulong)i * 7_000_001, i % 11 == 0 ? "" : $"rec {i}" + new string('y', i % 29) + (i % 13 == 0 ? "\ncontinued" : ""));
        var memory = new FakeMemory();
        var log = KernelLogExtractor.Extract(memory, b.Place(memory));
        Assert.Equal(KernelLogLayout.LocklessRingBuffer, log.Layout);
        string expected = b.ExpectedCrashText();
        Assert.Contains("continued", expected);
        Assert.True(b.Retained > 5);
        Assert.Equal(expected, log.ToCrashText());
    }

    [Fact]
    public void Ids_wrap_past_the_id_mask_and_unfinished_records_are_skipped()
    {
        var b = new PrintkRingBufferBuilder(countBits: 4, sizeBits: 12, firstId: (1UL << 62) - 5);
        for (int i = 0; i < 12; i++)
            b.Write((ulong)i * 1_000_000_000, $"line {i}", state: i == 11 ? 0UL : i == 10 ? 1UL : 2UL);
        var memory = new FakeMemory();
        var log = KernelLogExtractor.Extract(memory, b.Place(memory));
        Assert.Equal(b.ExpectedCrashText(), log.ToCrashText());
        Assert.Contains("line 10", log.ToCrashText());      // committed: printed
        Assert.DoesNotContain("line 11", log.ToCrashText()); // reserved: skipped
    }
}
