using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Sys;

/// <summary>
/// What `sys` could not read is unknown, never a default. The dump is a real fixture cut at 3 MB in
/// memory (the headers and the first pages remain; tainted_mask's page is gone): its kernel was
/// tainted (crash/sys.txt says `[TAINTED]`), so "false, 0" would be a lie.
/// </summary>
public sealed class SysUnreadableFactsTests
{
    private const string Id = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public void A_tainted_mask_that_cannot_be_read_is_unknown_with_the_reason()
    {
        Assert.Contains("[TAINTED]", File.ReadAllText(Path.Combine(FixtureDumps.Folder(Id), "crash", "sys.txt")));
        byte[] dump = File.ReadAllBytes(FixtureDumps.DumpPath(Id));
        using var cut = new MemoryByteSource(dump.AsMemory(0, 3_000_000), "dump.zlib");

        var report = DumpAnalyzer.Analyze(cut);

        Assert.True(report.Dump!.Truncated);
        var sys = report.System!;
        Assert.Null(sys.Tainted);
        Assert.Null(sys.TaintMask);
        Assert.Contains(sys.Warnings, w => w.StartsWith("tainted_mask: ", StringComparison.Ordinal));
        Assert.Contains("[TAINTED: unknown]", SystemInfoText.Format(sys, "vmlinux", "dump.zlib"));
    }

    [Fact]
    public void The_whole_dump_still_reads_its_taint()
    {
        var sys = AnalyzedFixtures.DumpOnlyReport(Id).System!;
        Assert.True(sys.Tainted);
        Assert.NotEqual(0UL, sys.TaintMask);
    }
}
