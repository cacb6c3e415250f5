using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Locks;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Tests.Extractors.Locks;

/// <summary>
/// The hung-mutex scenario: corpus_holder holds corpus_mutex and corpus_rwsem
/// (write), sh blocks in mutex_lock(corpus_mutex), corpus_waiter in down_read(corpus_rwsem).
/// References: drgn.json `locks` (owner and waiters) and, on the lockdep kernel, the `locks held`
/// lines the kernel printed on the console.
/// </summary>
public class LockExtractorTests
{
    [Theory]
    [InlineData("mini-6.1-lockdep")]
    [InlineData("debian-6.1-cloud")]
    public void OwnersAndWaitersEqualDrgns(string kernel)
    {
        var (report, folder) = Extract(kernel);
        using var drgn = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "drgn.json")));
        foreach (var reference in drgn.RootElement.GetProperty("locks").EnumerateObject())
        {
            ulong address = Hex(reference.Value.GetProperty("address").GetString()!);
            var found = report.Locks.SingleOrDefault(l => l.Address == address);
            Assert.True(found is not null, $"{kernel}: {reference.Name} at {address:x} not reported; got {string.Join(", ", report.Locks.Select(l => $"{l.Name}@{l.Address:x}"))}");
            // Module data (corpus_crash.ko on the Debian kernel) is named once module symbols are in
            // the context; until then the lock is named by kind and address.
            string expectedName = Context.Symbols.TryResolve(address, out _) ? reference.Name : $"{found.Kind} {address:x16}";
            Assert.Equal(expectedName, found.Name);
            Assert.Equal(reference.Value.GetProperty("owner_pid").GetInt32(), found.OwnerPid);
            Assert.Equal(reference.Value.GetProperty("waiter_pids").EnumerateArray().Select(p => p.GetInt32()), found.WaiterPids);
        }
        Assert.Equal(["mutex", "rw_semaphore"], report.Locks.Where(l => l.WaiterPids.Count > 0).OrderBy(l => l.Address).Reverse().Select(l => l.Kind));
        Assert.Empty(report.Deadlocks);
    }

    [Fact]
    public void LockdepHeldLocksEqualTheConsoleLines()
    {
        var (report, folder) = Extract("mini-6.1-lockdep");
        // e.g. "[   21.069764] 2 locks held by corpus_holder/68:" then " #0: ffffffff8f6f7b08 (corpus_mutex){+.+.}-{3:3}, at: corpus_holder_fn+0xe/0x40"
        var console = File.ReadAllLines(Path.Combine(folder, "console.txt"));
        var header = new Regex(@"\d+ locks? held by (?<comm>[^/]+)/(?<pid>\d+):");
        var line = new Regex(@"#(?<i>\d+): (?<addr>[0-9a-f]{16}) \((?<name>[^)]+)\)\{[^}]*\}(-\{[^}]*\})?, at: (?<site>\S+)");
        int checkedTasks = 0;
        for (int i = 0; i < console.Length; i++)
        {
            var h = header.Match(console[i]);
            if (!h.Success || h.Groups["comm"].Value is not ("sh" or "corpus_holder" or "corpus_waiter"))
                continue;
            int pid = int.Parse(h.Groups["pid"].Value, CultureInfo.InvariantCulture);
            var expected = console.Skip(i + 1).Select(l => line.Match(l)).TakeWhile(m => m.Success)
                .Select(m => (Hex(m.Groups["addr"].Value), m.Groups["name"].Value, m.Groups["site"].Value)).ToList();
            var actual = report.HeldLocks.Single(t => t.Pid == pid).Locks.Select(l => (l.LockdepMap, l.ClassName, l.AcquireSite ?? "")).ToList();
            Assert.Equal(expected, actual);
            checkedTasks++;
        }
        Assert.Equal(3, checkedTasks);
        var sh = report.Locks.Single(l => l.Name == "corpus_mutex");
        Assert.Contains(66, sh.HolderPids);
        Assert.Equal(68, sh.OwnerPid);
    }

    [Fact]
    public void CyclesAreFoundOnceAndChainsWithoutCyclesAreNot()
    {
        var edges = new List<WaitEdge> { new(3, 4, "b", 2), new(4, 3, "a", 1), new(5, 3, "a", 1), new(7, 8, "c", 3) };
        var cycle = Assert.Single(WaitForGraph.FindCycles(edges));
        Assert.Equal([3, 4], cycle.Pids);
        Assert.Equal(["b", "a"], cycle.Locks);
        Assert.Empty(WaitForGraph.FindCycles([new(1, 2, "x", 1), new(2, 3, "y", 2)]));
    }

    private KernelContext Context { get; set; } = null!;

    private (LockReport Report, string Folder) Extract(string kernel)
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, kernel, "hung-mutex", "kdump-zstd");
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        using var debug = DebugKernel.Open(Support.Fixtures.Vmlinux(kernel));
        var context = KernelContextFactory.Create(KernelTarget.Open(source), debug);
        var tasks = TaskListExtractor.Extract(context);
        Context = context;
        return (LockExtractor.Extract(context, tasks), folder);
    }

    private static ulong Hex(string s) => ulong.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
