using System.Text.RegularExpressions;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Tests.Builders;

namespace Crashdesk.Analysis.Tests.Extractors.Dmesg;

/// <summary>The pre-3.5 character buffer (kernel/printk.c v3.4), rendered as crash's dump_log().</summary>
public class LegacyLogBufferReaderTests
{
    [Fact]
    public void Unwrapped_buffer_drops_level_prefixes()
    {
        var b = new LegacyLogBufferBuilder(1 << 12);
        b.Printk(6, 0, "Linux version 3.2.0");
        b.Printk(4, 1_500_000_000, "second");
        var memory = new FakeMemory();
        var log = KernelLogExtractor.Extract(memory, b.Place(memory));
        Assert.Equal(KernelLogLayout.CharacterBuffer, log.Layout);
        Assert.Equal("[    0.000000] Linux version 3.2.0\n[    1.500000] second\n", log.ToCrashText());
        Assert.Equal("Kernel panic - not syncing: x", PanicAfter("Kernel panic - not syncing: x"));
    }

    [Fact]
    public void Wrapped_buffer_starts_at_the_oldest_byte()
    {
        var b = new LegacyLogBufferBuilder(1 << 10);
        for (int i = 0; i < 100; i++)
            b.Printk(i % 8, (ulong)i * 1_000_000, $"line {i}");
        var memory = new FakeMemory();
        var log = KernelLogExtractor.Extract(memory, b.Place(memory));
        // The last 1024 bytes written; "<N>" removed after every newline (not at the cut start).
        string tail = b.Written.ToString()[^1024..];
        string expected = Regex.Replace(tail, "\n<[0-7]>", "\n");
        Assert.Equal(expected, log.ToCrashText());
    }

    private static string? PanicAfter(string line)
    {
        var b = new LegacyLogBufferBuilder(1 << 12);
        b.Printk(0, 2_000_000, line);
        var memory = new FakeMemory();
        return PanicLineFinder.Find(KernelLogExtractor.Extract(memory, b.Place(memory)));
    }
}
