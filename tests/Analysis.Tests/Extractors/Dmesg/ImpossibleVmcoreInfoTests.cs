using System.Text;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Dmesg;

/// <summary>
/// A VMCOREINFO line no kernel can write is refused, naming the line, instead of a log that is
/// silently shorter or empty. The ELF fixture keeps VMCOREINFO as a plain-text note: each test
/// patches one value of it in a copy, keeping its length (an offset of prb_desc_ring.tail_id past
/// the 48-byte struct printed 0 bytes; SIZE(printk_info)=96 cut the log by two thirds).
/// </summary>
public sealed class ImpossibleVmcoreInfoTests
{
    private const string Id = "mini-6.1-lockdep/warn/kdump-elf31";

    [Theory]
    [InlineData("OFFSET(prb_desc_ring.tail_id)=32", "OFFSET(prb_desc_ring.tail_id)=99", "past SIZE(prb_desc_ring)=48")]
    [InlineData("OFFSET(prb_desc_ring.head_id)=24", "OFFSET(prb_desc_ring.head_id)=44", "past SIZE(prb_desc_ring)=48")]
    [InlineData("OFFSET(atomic_long_t.counter)=0", "OFFSET(atomic_long_t.counter)=8", "past SIZE(atomic_long_t)=8")]
    [InlineData("SIZE(printk_info)=88", "SIZE(printk_info)=96", "its last member dev_info ends at byte 88")]
    [InlineData("SIZE(printk_info)=88", "SIZE(printk_info)=80", "the 64-byte member dev_info would end at byte 88")]
    [InlineData("SIZE(prb_desc)=24", "SIZE(prb_desc)=32", "its last member text_blk_lpos ends at byte 24")]
    [InlineData("OFFSET(printk_info.text_len)=16", "OFFSET(printk_info.text_len)=87", "past SIZE(printk_info)=88")]
    public void An_impossible_layout_line_is_refused_by_name(string line, string patched, string why)
    {
        using var dump = Patched(line, patched);
        var target = KernelTarget.Open(dump);

        var e = Assert.Throws<DumpFormatException>(() => KernelLogExtractor.Extract(target));

        Assert.StartsWith("VMCOREINFO line ", e.Message);
        Assert.Contains("cannot be right", e.Message);
        Assert.Contains(patched, e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void The_unpatched_copy_reads_the_whole_log()
    {
        // Guards the patching itself: the same copy with a value kept reads crash's log.
        using var dump = Patched("SIZE(printk_info)=88", "SIZE(printk_info)=88");
        var log = KernelLogExtractor.Extract(KernelTarget.Open(dump));
        Assert.Equal(FixtureDumps.CrashLogLines(Id), log.ToCrashLines());
        Assert.True(log.IsComplete);
    }

    private static MemoryByteSource Patched(string line, string patched)
    {
        Assert.Equal(line.Length, patched.Length);
        byte[] dump = File.ReadAllBytes(FixtureDumps.DumpPath(Id));
        string head = Encoding.Latin1.GetString(dump, 0, 1 << 16);
        int at = head.IndexOf(line + "\n", StringComparison.Ordinal);
        Assert.True(at > 0, $"{line} not in the VMCOREINFO note");
        Encoding.Latin1.GetBytes(patched).CopyTo(dump, at);
        return new MemoryByteSource(dump, "dump");
    }
}
