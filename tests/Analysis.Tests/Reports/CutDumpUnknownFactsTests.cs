using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Formats;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Reports;

/// <summary>
/// What a cut dump does not hold is unknown in the report, never an empty list or a count of what
/// happened to be read. The Debian sysrq-c dump (with its debug kernel) is cut in memory: at 3 MB
/// and 30 % the module list is gone — crash's `mod` lists modules, so "no modules" would be a lie;
/// at 92 % the memory nodes are gone (no %MEM divisor) but tasks are readable; at 98 % the task
/// list breaks after some tasks — drgn lists more, so their count is not the kernel's TASKS.
/// </summary>
public sealed class CutDumpUnknownFactsTests
{
    private const string Id = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    private static AnalysisReport AnalyzeCut(long length)
    {
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(Id));
        using var cut = new MemoryByteSource(whole.AsMemory(0, (int)length), "dump.zlib");
        return DumpAnalyzer.Analyze(cut, new AnalysisOptions { DebugInfo = DebugKernels.Get("debian-6.1-cloud") });
    }

    private static long Percent(int percent) => new FileInfo(FixtureDumps.DumpPath(Id)).Length * percent / 100;

    public static TheoryData<long> EarlyCuts() => new() { 3_000_000, Percent(30) };

    [Theory]
    [MemberData(nameof(EarlyCuts))]
    public void An_unreadable_module_list_is_unknown_with_the_reason_not_empty(long length)
    {
        var crashModules = File.ReadAllLines(Path.Combine(FixtureDumps.Folder(Id), "crash", "mod.txt")).Skip(1).Count(l => l.Length > 0);
        Assert.True(crashModules > 0);

        var report = AnalyzeCut(length);

        Assert.Null(report.Modules);
        var why = Assert.Single(report.Failures, f => f.Extractor == "modules");
        Assert.StartsWith("module list not read: ", why.Message);
        Assert.EndsWith(TruncationNote.Text, why.Message);
    }

    [Fact]
    public void Unreadable_memory_nodes_leave_mem_percent_unknown_not_zero()
    {
        var report = AnalyzeCut(Percent(92));

        Assert.NotNull(report.Tasks);
        Assert.NotEmpty(report.Tasks!);
        Assert.Null(report.TotalPages);
        Assert.Contains(report.Failures, f => f.Extractor == "tasks" && f.Message.StartsWith("node_present_pages: ", StringComparison.Ordinal));
        var user = report.Tasks!.First(t => !t.IsKernelThread && !t.IsIdle && t.RssPages > 0);
        Assert.Contains($" {TaskListText.Unknown} ", TaskListText.Line(user, report.TotalPages, 4096));
    }

    [Fact]
    public void A_task_list_cut_short_gives_no_task_count()
    {
        int drgnTasks = AnalyzedFixtures.DrgnTasks(Id).Count;

        var report = AnalyzeCut(Percent(98));

        Assert.InRange(report.Tasks!.Count(t => !t.IsIdle), 1, drgnTasks - 1);
        Assert.Null(report.System!.Tasks);
        Assert.Contains(report.System.Warnings, w => w.StartsWith("tasks: the task lists could not be followed", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Extractor == "tasks" && f.Message.Contains("is not in the dump", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_array_cut_off_leaves_shared_unknown_not_zero()
    {
        var crash = File.ReadAllText(Path.Combine(FixtureDumps.Folder(Id), "crash", "kmem-i.txt"));
        Assert.Contains("SHARED      448", crash);
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(Id));
        using var cut = new MemoryByteSource(whole.AsMemory(0, (int)Percent(98)), "dump.zlib");
        var target = Crashdesk.Analysis.Kernel.KernelTarget.Open(cut);
        var context = Crashdesk.Analysis.Context.KernelContextFactory.Create(target, DebugKernels.Get("debian-6.1-cloud"));

        // crash's `kmem -i=shared`: the walk of every struct page meets the cut.
        var memory = Crashdesk.Analysis.Extractors.Memory.MemoryInfoExtractor.Extract(context, countSharedPages: true);

        Assert.True(memory.SharedCounted);
        Assert.Null(memory.Shared);
        Assert.Contains(memory.Warnings, w => w.StartsWith("page array: the page array could not be read whole", StringComparison.Ordinal));
        var text = Crashdesk.Analysis.Extractors.Memory.MemoryInfoText.Format(memory);
        Assert.Contains("       SHARED        ?            ?  unknown\n", text);
        // SLAB comes from the counters, which the cut left: crash's value, not the walk's loss.
        Assert.Equal(CrashKmem.SlabPages(Id), memory.Slab);
        // What was read is still shown as crash shows it.
        Assert.Contains(crash.Split('\n').First(l => l.Contains("TOTAL MEM", StringComparison.Ordinal) && l.Contains("MB", StringComparison.Ordinal)) + "\n", text);
    }

    [Fact]
    public void The_whole_dump_has_crash_s_modules_and_a_task_count()
    {
        var report = AnalyzedFixtures.DumpOnlyReport(Id);
        var crashNames = File.ReadAllLines(Path.Combine(FixtureDumps.Folder(Id), "crash", "mod.txt")).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Order().ToList();
        Assert.Equal(crashNames, report.Modules!.Select(m => m.Name).Order().ToList());
        Assert.NotNull(report.System!.Tasks);
        Assert.DoesNotContain(report.Failures, f => f.Extractor is "modules" or "tasks");
    }
}
