using Crashdesk.Analysis.Formats;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Formats;

/// <summary>
/// Missing memory of a cut dump says the file is cut. The cut dumps are real fixtures cut in memory
/// (at 60 %, 30 % and 3 MB): the readers flag them truncated, and every "is not in the dump" failure
/// of their analysis then names the truncation.
/// </summary>
public sealed class TruncationNoteTests
{
    public static TheoryData<string, int> Cuts() => new()
    {
        { "debian-6.1-cloud/sysrq-c/kdump-zlib", 60 },
        { "debian-6.1-cloud/sysrq-c/kdump-zlib", 30 },
        { "debian-6.1-cloud/sysrq-c/kdump-zlib", 0 },
        { "mini-6.1-lockdep/warn/kdump-elf31", 30 },
        { "mini-6.1-lockdep/warn/kdump-elf31", 0 },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public void Missing_memory_of_a_cut_dump_says_the_file_is_truncated(string id, int percent)
    {
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(id));
        int length = percent == 0 ? 3_000_000 : (int)(whole.LongLength * percent / 100);
        using var cut = new MemoryByteSource(whole.AsMemory(0, length), "dump");

        var report = DumpAnalyzer.Analyze(cut);

        Assert.True(report.Dump!.Truncated);
        var missing = report.Failures.Where(f => f.Message.Contains("is not in the dump", StringComparison.Ordinal)).ToList();
        Assert.All(missing, f => Assert.EndsWith(TruncationNote.Text, f.Message));
        if (percent == 0)
            Assert.Contains(missing, f => f.Extractor == "kernel-log");
    }

    [Fact]
    public void Missing_memory_of_a_whole_dump_is_not_blamed_on_truncation()
    {
        var e = new Crashdesk.Analysis.Memory.MemoryNotPresentException(0x1000, 8, "x");
        Assert.Equal(e.Message, TruncationNote.Explain(e, new DumpFileInfo { Format = "kdump", Truncated = false }));
    }
}
