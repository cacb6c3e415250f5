using System.Globalization;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.RunQueues;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Tests.Extractors.RunQueues;

/// <summary>
/// Each CPU's runqueue against crash's `runq` on the same dump: the per-CPU <c>runqueues</c> copy, its current
/// task and the addresses of its RT priority array and CFS tree. (Which queued tasks crash can name is the
/// shell's `runq` test's business: crash's task table misses the fixtures' sleeping tasks.)
/// </summary>
public sealed class RunQueueExtractorTests
{
    [Theory]
    [InlineData("debian-6.1-cloud")]
    [InlineData("mini-6.1-lockdep")]
    public void Every_cpus_runqueue_is_where_crash_found_it(string kernel)
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, kernel, "hung-mutex", "kdump-zstd");
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        using var debug = DebugKernel.Open(Support.Fixtures.Vmlinux(kernel));
        var target = KernelTarget.Open(source);
        var context = KernelContextFactory.Create(target, debug);
        var expected = CrashRunq(File.ReadAllLines(Path.Combine(folder, "crash", "runq.txt")));

        var queues = RunQueueExtractor.Extract(context, target.CpuCount!.Value);

        Assert.Equal(expected, queues.Select(q => (q.Cpu, q.Address, q.Current, q.RtPrioArray, q.CfsRoot)).ToList());
        Assert.All(queues, q => Assert.Empty(q.Warnings));
    }

    // "CPU 0 RUNQUEUE: addr", "  CURRENT: PID: …  TASK: addr …", "  RT PRIO_ARRAY: addr", "  CFS RB_ROOT: addr" (task.c dump_CFS_runqueues()).
    private static List<(int Cpu, ulong Address, ulong Current, ulong Rt, ulong Cfs)> CrashRunq(string[] lines)
    {
        var list = new List<(int, ulong, ulong, ulong, ulong)>();
        int cpu = -1;
        ulong address = 0, current = 0, rt = 0;
        foreach (string line in lines)
        {
            if (line.StartsWith("CPU ", StringComparison.Ordinal))
            {
                var words = line.Split(' ');
                (cpu, address) = (int.Parse(words[1], CultureInfo.InvariantCulture), Hex(words[^1]));
            }
            else if (line.StartsWith("  CURRENT: ", StringComparison.Ordinal))
                current = Hex(line[(line.IndexOf("TASK: ", StringComparison.Ordinal) + 6)..].Split(' ')[0]);
            else if (line.StartsWith("  RT PRIO_ARRAY: ", StringComparison.Ordinal))
                rt = Hex(line["  RT PRIO_ARRAY: ".Length..]);
            else if (line.StartsWith("  CFS RB_ROOT: ", StringComparison.Ordinal))
                list.Add((cpu, address, current, rt, Hex(line["  CFS RB_ROOT: ".Length..])));
        }
        return list;
    }

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
