using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Tests.Fixtures;
using Xunit.Abstractions;

namespace Crashdesk.Analysis.Tests.Backtrace;

/// <summary>
/// Backtraces against the reference tools, with the comparison rules of acceptance-notes.md
/// ("Backtraces"): drgn's non-inline frames for every task, crash's frames above drgn's first
/// one for the task active on each CPU.
/// </summary>
public class BacktraceReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> WithDrgn() => BacktraceFixtures.WithDrgn();

    private static List<string> Names(TaskBacktrace bt) => bt.Frames.Select(f => f.Function is null ? "?" : ReferenceFrames.Normalize(f.Function)).ToList();

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void SleepingTasksHaveExactlyDrgnsFrames(string id)
    {
        var (_, extractor) = BacktraceFixtures.Open(id);
        var active = extractor.CurrentTasks.Values.ToHashSet();
        var tasks = ReferenceFrames.Drgn(FixtureDumps.Folder(id)).Where(t => !active.Contains(t.Task)).ToList();
        Assert.NotEmpty(tasks);
        int matched = 0, d = 0, dMatched = 0;
        var misses = new List<string>();
        foreach (var t in tasks)
        {
            var bt = extractor.ForTask(t.Task);
            Assert.Equal(t.Pid, bt.Pid);
            var ours = Names(bt);
            bool same = ours.SequenceEqual(t.Functions);
            matched += same ? 1 : 0;
            if (t.State == 'D')
            {
                d++;
                dMatched += same ? 1 : 0;
            }
            if (!same)
                misses.Add($"pid {t.Pid} {t.Comm} [{t.State}]: ours [{string.Join(", ", ours)}] ({bt.Error}) drgn [{string.Join(", ", t.Functions)}]");
        }
        double percent = 100.0 * matched / tasks.Count;
        output.WriteLine($"{id}: {matched}/{tasks.Count} sleeping tasks = {percent:F1} % identical to drgn; D state {dMatched}/{d}");
        foreach (string m in misses)
            output.WriteLine("  " + m);
        Assert.True(percent >= 98.0, $"{id}: only {percent:F1} % of sleeping tasks match drgn: {string.Join(" | ", misses)}");
        Assert.Equal(d, dMatched);
    }
}
