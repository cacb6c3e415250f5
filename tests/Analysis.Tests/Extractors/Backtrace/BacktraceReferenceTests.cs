using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Tests.Support;
using Xunit.Abstractions;

namespace Crashdesk.Analysis.Tests.Extractors.Backtrace;

/// <summary>
/// Backtraces against the reference tools: drgn's non-inline frames for every task (drgn unwinds
/// ORC exactly, while crash 8.0.2 adds stale return addresses it finds by scanning the stack), and
/// for the task active on each CPU crash's frames above drgn's first one (how that CPU stopped:
/// machine_kexec, or the NMI frames and the exception frame).
/// </summary>
public class BacktraceReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> WithDrgn() => BacktraceFixtures.WithDrgn();

    public static TheoryData<string, bool> WithDrgnBothWays() => BacktraceFixtures.WithDrgnBothWays();

    private static List<string> Names(TaskBacktrace bt) => bt.Frames.Select(f => f.Function is null ? "?" : ReferenceFrames.Normalize(f.Function)).ToList();

    [Theory]
    [MemberData(nameof(WithDrgnBothWays))]
    public void SleepingTasksHaveExactlyDrgnsFrames(string id, bool withVmlinux)
    {
        var (context, extractor) = BacktraceFixtures.Open(id, withVmlinux);
        if (NoTypesWithoutVmlinux(context, extractor, withVmlinux))
            return;
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
        output.WriteLine($"{id} ({(withVmlinux ? "vmlinux" : "dump only: " + context.SymbolOrigin + ", " + context.TypeOrigin + ", ORC from " + extractor.Unwinder.Orc.Origin)}): {matched}/{tasks.Count} sleeping tasks = {percent:F1} % identical to drgn; D state {dMatched}/{d}");
        foreach (string m in misses)
            output.WriteLine("  " + m);
        Assert.True(percent >= 98.0, $"{id}: only {percent:F1} % of sleeping tasks match drgn: {string.Join(" | ", misses)}");
        Assert.Equal(d, dMatched);
    }

    [Theory]
    [MemberData(nameof(WithDrgnBothWays))]
    public void ActiveCpusShowCrashsStopFramesThenDrgnsFrames(string id, bool withVmlinux)
    {
        string folder = FixtureDumps.Folder(id);
        var (context, extractor) = BacktraceFixtures.Open(id, withVmlinux);
        if (NoTypesWithoutVmlinux(context, extractor, withVmlinux))
            return;
        var drgn = ReferenceFrames.Drgn(folder).ToDictionary(t => t.Task);
        var crash = ReferenceFrames.CrashBtA(folder);
        var ours = extractor.ForActiveCpus();
        Assert.Equal(crash.Select(b => (b.Cpu, b.Pid)), ours.Select(b => (b.Cpu, b.Pid)));
        foreach (var (block, bt) in crash.Zip(ours))
        {
            var names = Names(bt);
            if (!drgn.TryGetValue(bt.Task, out var reference))
            {
                // drgn.json lists no idle task (swapper/N): crash's frames up to its first stale
                // stack-scan frame are the only reference; compare the stop frames and the exception RIP.
                Assert.Equal(0, bt.Pid);
                Assert.Equal(block.Functions.Take(4), names.Take(4));
                output.WriteLine($"{id} cpu {bt.Cpu} (idle): [{string.Join(", ", names)}]");
                continue;
            }
            var expected = Expected(block.Functions, reference.Functions);
            output.WriteLine($"{id} cpu {bt.Cpu} pid {bt.Pid} {bt.Start}: ours [{string.Join(", ", names)}]{(bt.UserRegisters is null ? "" : " + user regs")} {bt.Error}");
            if (reference.TrailingNullPc is not null && names.Count > expected.Count && bt.Frames[expected.Count].LeftStack == "IRQ")
            {
                // drgn 0.0.22 reads ORC_REG_SP_INDIRECT without the kernel's "+ sp_offset"
                // (unwind_orc.c; objtool's stack swizzle in call_on_irqstack), so it stops with a
                // bogus pc exactly where the unwind leaves the IRQ stack; we go on to the
                // interrupted context on the task stack.
                Assert.Equal(expected, names.Take(expected.Count));
                output.WriteLine($"    drgn stopped at the IRQ stack switch (pc {reference.TrailingNullPc}); we continue with {names.Count - expected.Count} more frames");
                continue;
            }
            Assert.Equal(expected, names);
            if (reference.Functions.Count == 0)
                Assert.NotNull(bt.UserRegisters); // a `yes` task interrupted in user space
        }
    }

    // crash's frames above drgn's first frame, then exactly drgn's non-inline
    // frames. crash does not list the exception RIP's function as a frame on the same stack, so
    // the first drgn frame crash shows anchors the prefix.
    private static List<string> Expected(IReadOnlyList<string> crash, IReadOnlyList<string> drgn)
    {
        if (drgn.Count == 0)
            return [.. crash];
        for (int j = 0; j < drgn.Count; j++)
        {
            int i = IndexOf(crash, drgn[j]);
            if (i >= 0)
                return [.. crash.Take(i).Concat(drgn.Skip(0))];
        }
        return [.. drgn];
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == name)
                return i;
        return -1;
    }


    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void WithoutCfiThePanickingCpuIsFoundByItsCallSite(string id)
    {
        // No .debug_frame (a profile, or the dump alone): __crash_kexec, which has no ORC, is left
        // through the `call __crash_kexec` return address; the frames must stay the same.
        var (context, withCfi) = BacktraceFixtures.Open(id);
        var without = new BacktraceExtractor(context);
        int cpu = withCfi.PanicCpu!.Value;
        var expected = Names(withCfi.ForCpu(cpu));
        var bt = without.ForCpu(cpu);
        Assert.Equal(expected, Names(bt));
        Assert.Null(bt.Error);
    }

    // The mini kernel has no BTF (no CONFIG_DEBUG_INFO_BTF in its config): without the vmlinux
    // there are no task_struct offsets, and that must be said, not guessed.
    private bool NoTypesWithoutVmlinux(KernelContext context, BacktraceExtractor extractor, bool withVmlinux)
    {
        if (withVmlinux || context.TypeOrigin.Contains("BTF", StringComparison.Ordinal))
            return false;
        Assert.DoesNotContain("CONFIG_DEBUG_INFO_BTF=y", File.ReadAllText(Path.Combine(Support.Fixtures.Root, "kernels", "mini-6.1-lockdep", "config")));
        var e = Assert.Throws<NotSupportedException>(() => extractor.ForActiveCpus());
        Assert.Contains("task_struct", e.Message);
        output.WriteLine($"no vmlinux and no BTF: {e.Message}");
        return true;
    }
}
