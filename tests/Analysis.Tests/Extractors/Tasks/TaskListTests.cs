using System.Globalization;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Tasks;

/// <summary>`ps` against drgn.json (tasks) and crash/ps.txt (idle and active rows).</summary>
public class TaskListTests
{
    [Theory]
    [MemberData(nameof(AnalyzedFixtures.WithDrgn), MemberType = typeof(AnalyzedFixtures))]
    public void TaskRowsEqualDrgnsTasks(string id)
    {
        var report = AnalyzedFixtures.Report(id);
        Assert.Empty(report.Failures);
        var ours = report.Tasks!.Where(t => t.Pid > 0)
            .Select(t => (t.Pid, t.Ppid, t.Cpu, t.State, t.Comm, t.Address)).Order().ToList();
        var drgn = AnalyzedFixtures.DrgnTasks(id)
            .Select(t => (t.Pid, (int?)t.Ppid, t.Cpu, AnalyzedFixtures.CrashState(t.State), t.Comm, t.Task)).Order().ToList();
        Assert.Equal(drgn, ours);
    }

    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void IdleAndActiveRowsEqualCrashsPs(string id)
    {
        var report = AnalyzedFixtures.Report(id);
        var crashRows = File.ReadAllLines(Path.Combine(FixtureDumps.Folder(id), "crash", "ps.txt")).Skip(1).ToList();
        var list = new TaskList(report.Tasks!, [], report.TotalPages ?? 0, 4096, []);
        var ourLines = report.Tasks!.ToDictionary(t => t.Address, t => TaskListText.Line(t, list.TotalPages, 4096));

        // One swapper/N per CPU, exactly as crash prints it.
        var idle = report.Tasks!.Where(t => t.IsIdle).ToList();
        Assert.Equal(int.Parse(FixtureDumps.Sys(id, "CPUS").Split(' ')[0], CultureInfo.InvariantCulture), idle.Count);
        Assert.Equal(Enumerable.Range(0, idle.Count).Select(c => $"swapper/{c}"), idle.Select(t => t.Comm));

        // crash's rows (it lists only idle and active tasks on these kernels) appear verbatim in ours,
        // except the PPID column where crash could not find the parent (-1, softlockup).
        foreach (string row in crashRows)
        {
            string[] cols = row.TrimStart('>').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            ulong task = Convert.ToUInt64(cols[3], 16);
            Assert.True(ourLines.TryGetValue(task, out string? line), $"{id}: crash's task {task:x} missing");
            string Mask(string s) => s.Substring(0, 10) + s.Substring(17);
            if (cols[1] == "-1")
                Assert.Equal(Mask(row), Mask(line!));
            else
                Assert.Equal(row, line);
        }
        Assert.Equal(crashRows.Count(r => r.StartsWith('>')), report.Tasks!.Count(t => t.IsActive));
    }

    [Fact]
    public void QemuDumpLeadersEqualCrashsInitTaskWalk()
    {
        const string id = "mini-6.1-lockdep/sysrq-c/qemu-kdump-zlib";
        var report = AnalyzedFixtures.Report(id);
        Assert.Empty(report.Failures);
        string file = Directory.GetFiles(Path.Combine(FixtureDumps.Folder(id), "crash"), "list-task-struct-tasks-*init-task.txt").Single();
        // Blocks of: "<address>", "  pid = N,", "  comm = \"...\\000...\",", "  __state = N,".
        var expected = new List<(ulong, int, string, string)>();
        string[] lines = File.ReadAllLines(file);
        for (int i = 0; i + 3 < lines.Length; i++)
        {
            if (!lines[i].StartsWith("ffff", StringComparison.Ordinal))
                continue;
            int pid = int.Parse(lines[i + 1].Split('=')[1].Trim().TrimEnd(','), CultureInfo.InvariantCulture);
            string comm = lines[i + 2].Split('"')[1].Split("\\000")[0];
            uint state = uint.Parse(lines[i + 3].Split('=')[1].Trim().TrimEnd(','), CultureInfo.InvariantCulture);
            expected.Add((Convert.ToUInt64(lines[i], 16), pid, comm, TaskStates.ToCode(state, 0)));
        }
        Assert.True(expected.Count > 40);
        var ours = report.Tasks!.Where(t => t.Pid == t.Tgid && (t.Pid > 0 || t.Cpu == 0))
            .Select(t => (t.Address, t.Pid, t.Comm, t.State)).Order().ToList();
        Assert.Equal(expected.Order().ToList(), ours);
    }

    [Theory]
    [InlineData(0x0u, 0x0u, "RU")]
    [InlineData(0x1u, 0x0u, "IN")]
    [InlineData(0x2u, 0x0u, "UN")]
    [InlineData(0x402u, 0x0u, "ID")]
    [InlineData(0x0u, 0x20u, "ZO")]
    [InlineData(0x104u, 0x0u, "ST")]
    [InlineData(0x8u, 0x0u, "TR")]
    [InlineData(0x0u, 0x10u, "DE")]
    [InlineData(0x80u, 0x0u, "DE")]
    [InlineData(0x40u, 0x0u, "PA")]
    [InlineData(0x800u, 0x0u, "NE")]
    public void StateCodesFollowCrashsTaskStateString(uint state, uint exitState, string code) =>
        Assert.Equal(code, TaskStates.ToCode(state, exitState));

    [Fact]
    public void An_unreadable_parent_is_an_unknown_ppid_not_a_number()
    {
        var task = new KernelTask
        {
            Address = 0xffff888003a10000, Pid = 812, Tgid = 812, Ppid = null, Cpu = 1, State = "IN", RawState = 1, ExitState = 0,
            Comm = "sshd", Mm = 0, IsKernelThread = false,
        };
        // crash's ps columns: PID (7 wide), then PPID (7 wide).
        Assert.StartsWith("      812       ? ", TaskListText.Line(task, null, 4096));
    }
}
