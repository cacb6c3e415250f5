using System.Globalization;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// The shell's `ps`, `mod`, `kmem -i` and `runq` against crash's reference files, with the
/// comparison rules of the engine's own tests (TaskListTests, ModuleListTests, KmemTests): crash's
/// `ps` lists only idle and active tasks on these kernels, so its rows must appear verbatim and
/// drgn.json gives the rest.
/// </summary>
public sealed class ReportCommandsTests
{
    public static TheoryData<string> All() => FixtureDumps.All();

    public static TheoryData<string> WithDrgn() => AnalyzedFixtures.WithDrgn();

    [Theory]
    [MemberData(nameof(All))]
    public void Sys_fields_are_crashs(string id)
    {
        // SysTests' rules: every field of crash's sys.txt but TASKS, DUMPFILE by file name and markers;
        // TASKS is drgn's tasks plus one idle task per CPU; the panic task is meta.json's.
        var ours = Fields(ShellFixtures.Run(id, "sys").Text);
        var crash = Fields(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "sys.txt")));
        foreach (var (field, value) in crash)
        {
            if (field == "TASKS")
                continue;
            string expected = field == "DUMPFILE" ? NameAndMarkers(value) : value;
            string actual = field == "DUMPFILE" ? NameAndMarkers(ours[field]) : ours[field];
            Assert.True(expected == actual, $"{id} {field}: crash '{expected}', ours '{actual}'");
        }
        int cpus = int.Parse(crash["CPUS"].Split(' ')[0], CultureInfo.InvariantCulture);
        if (File.Exists(Path.Combine(FixtureDumps.Folder(id), "drgn.json")))
            Assert.Equal((AnalyzedFixtures.DrgnTasks(id).Count + cpus).ToString(CultureInfo.InvariantCulture), ours["TASKS"]);
        var meta = FixtureDumps.Meta(id);
        Assert.Equal(meta.GetProperty("panic_pid").GetInt32().ToString(CultureInfo.InvariantCulture), ours["PID"]);
        Assert.Equal($"\"{meta.GetProperty("panic_comm").GetString()}\"", ours["COMMAND"]);
        Assert.StartsWith(meta.GetProperty("panic_task").GetString()!, ours["TASK"], StringComparison.Ordinal);
    }

    private static string NameAndMarkers(string value) => Path.GetFileName(value.Split("  ")[0]) + string.Concat(value.Split("  ").Skip(1).Select(m => "|" + m.Trim()));

    private static Dictionary<string, string> Fields(string text)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
                d.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Mod_is_crashs_mod(string id) =>
        Assert.Equal(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "mod.txt")), ShellFixtures.Run(id, "mod").Text);

    [Theory]
    [MemberData(nameof(All))]
    public void Kmem_i_is_crashs_kmem_i(string id) =>
        CrashKmem.AssertMatches(id, ShellFixtures.Run(id, "kmem -i").Text, shared: false);

    /// <summary>`kmem -i=shared` walks every struct page: its SHARED row is crash 8.0.2's (the same walk).</summary>
    [Theory]
    [MemberData(nameof(All))]
    public void Kmem_i_shared_adds_crashs_shared_row(string id) =>
        CrashKmem.AssertMatches(id, ShellFixtures.Run(id, "kmem -i=shared").Text, shared: true);

    [Theory]
    [MemberData(nameof(All))]
    public void Runq_is_crashs_runq_plus_the_runnable_tasks_crash_could_not_name(string id)
    {
        // crash prints a queued task only if its task table has it (task.c dump_tasks_in_cfs_rq():
        // task_to_context() fails), and that table misses every non-running task here (fixtures
        // README). So: our text without the queued-task lines crash could not print is crash's, and
        // each such task is runnable on that CPU by drgn.json (the QEMU dump: by crash's own walk of
        // init_task.tasks, __state 0) and not the CPU's current task.
        var reply = ShellFixtures.Run(id, "runq");
        string text = reply.Text;
        var runnable = Runnable(id);
        // Every task named links its PID to its backtrace and its address to its task_struct.
        int named = text.Split('\n').Count(l => l.Contains("PID: ", StringComparison.Ordinal));
        var pidLinks = reply.Links.Where(l => l.Command.StartsWith("bt ", StringComparison.Ordinal)).ToList();
        Assert.Equal(named, pidLinks.Count);
        Assert.All(pidLinks, l => Assert.Equal(ShellFixtures.LinkText(reply, l) == "0" ? l.Command : "bt " + ShellFixtures.LinkText(reply, l), l.Command));
        Assert.Equal(named, reply.Links.Count(l => l.Command == "struct task_struct " + ShellFixtures.LinkText(reply, l)));
        var kept = new List<string>();
        int cpu = -1, queued = 0;
        ulong current = 0;
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("     [", StringComparison.Ordinal) && line.Contains("TASK: ", StringComparison.Ordinal))
            {
                ulong task = TaskOf(line);
                Assert.True(runnable.TryGetValue(task, out int on), $"queued task {task:x} is not runnable in the reference");
                Assert.True(on < 0 || on == cpu, $"queued task {task:x} is on CPU {on}, not {cpu}");
                Assert.NotEqual(current, task);
                queued++;
                continue;
            }
            // The end of a queue's lines: crash printed "[no tasks queued]" where it could name none.
            if (queued > 0)
                kept.Add("     [no tasks queued]");
            queued = 0;
            if (line.StartsWith("CPU ", StringComparison.Ordinal))
                cpu = int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
            if (line.StartsWith("  CURRENT: ", StringComparison.Ordinal))
                current = TaskOf(line);
            kept.Add(line);
        }
        if (queued > 0)
            kept.Add("     [no tasks queued]");
        Assert.Equal(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "runq.txt")).Trim('\n'), string.Join('\n', kept));
    }

    private static ulong TaskOf(string line) => Convert.ToUInt64(line[(line.IndexOf("TASK: ", StringComparison.Ordinal) + 6)..].Split(' ')[0], 16);

    // Runnable tasks of the reference and their CPU (-1: the reference does not say).
    private static Dictionary<ulong, int> Runnable(string id)
    {
        string folder = FixtureDumps.Folder(id);
        if (File.Exists(Path.Combine(folder, "drgn.json")))
            return AnalyzedFixtures.DrgnTasks(id).Where(t => t.State == "R").ToDictionary(t => t.Task, t => t.Cpu);
        var result = new Dictionary<ulong, int>();
        string[] lines = File.ReadAllLines(Directory.GetFiles(Path.Combine(folder, "crash"), "list-task-struct-tasks-*init-task.txt").Single());
        for (int i = 0; i + 3 < lines.Length; i++)
            if (lines[i].StartsWith("ffff", StringComparison.Ordinal) && lines[i + 3].Trim() == "__state = 0,")
                result[Convert.ToUInt64(lines[i], 16)] = -1;
        return result;
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Ps_has_crashs_rows_verbatim(string id)
    {
        var reply = ShellFixtures.Run(id, "ps");
        var lines = reply.Text.TrimEnd('\n').Split('\n');
        Assert.Equal(TaskListText.Header, lines[0]);
        var crashRows = File.ReadAllLines(Path.Combine(FixtureDumps.Folder(id), "crash", "ps.txt"));
        Assert.Equal(crashRows[0], lines[0]);
        var ours = lines.Skip(1).ToDictionary(l => Convert.ToUInt64(l.TrimStart('>').Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], 16));
        foreach (string row in crashRows.Skip(1))
        {
            string[] cols = row.TrimStart('>').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(ours.TryGetValue(Convert.ToUInt64(cols[3], 16), out string? line), $"crash's task {cols[3]} missing");
            // crash printed PPID -1 where it could not find the parent (softlockup): mask that column.
            if (cols[1] == "-1")
                Assert.Equal(row[..10] + row[17..], line![..10] + line[17..]);
            else
                Assert.Equal(row, line);
        }
    }

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Ps_lists_drgns_tasks_and_each_PID_links_to_its_backtrace(string id)
    {
        var reply = ShellFixtures.Run(id, "ps");
        var rows = reply.Text.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.TrimStart('>').Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var ours = rows.Where(c => c[0] != "0").Select(c => (int.Parse(c[0], CultureInfo.InvariantCulture), Convert.ToUInt64(c[3], 16), c[4], c[^1].Trim('[', ']'))).Order().ToList();
        var drgn = AnalyzedFixtures.DrgnTasks(id).Select(t => (t.Pid, t.Task, AnalyzedFixtures.CrashState(t.State), t.Comm)).Order().ToList();
        Assert.Equal(drgn, ours);
        var pidLinks = reply.Links.Where(l => l.Command.StartsWith("bt ", StringComparison.Ordinal)).ToList();
        var taskLinks = reply.Links.Where(l => l.Command.StartsWith("struct task_struct ", StringComparison.Ordinal)).ToList();
        Assert.Equal(rows.Count, pidLinks.Count);
        Assert.Equal(rows.Count, taskLinks.Count);
        foreach (var link in pidLinks)
        {
            string pid = ShellFixtures.LinkText(reply, link);
            Assert.Equal(pid == "0" ? "bt " + link.Command[3..] : "bt " + pid, link.Command);
        }
        foreach (var link in taskLinks)
            Assert.Equal("struct task_struct " + ShellFixtures.LinkText(reply, link), link.Command);
        // A PID's link runs that task's backtrace.
        var init = pidLinks.First(l => ShellFixtures.LinkText(reply, l) == "1");
        Assert.StartsWith("PID: 1 ", ShellFixtures.Run(id, init.Command).Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Ps_filters_select_the_rows_crash_selects(string id)
    {
        var all = Rows(ShellFixtures.Run(id, "ps").Text);
        var kernel = Rows(ShellFixtures.Run(id, "ps -k").Text);
        var user = Rows(ShellFixtures.Run(id, "ps -u").Text);
        // -k and -u split the list: kernel threads are the bracketed names (show_ps_data()).
        Assert.All(kernel, r => Assert.EndsWith("]", r, StringComparison.Ordinal));
        Assert.All(user, r => Assert.DoesNotContain("  [", r, StringComparison.Ordinal));
        Assert.Equal(all.Order(), kernel.Concat(user).Order());
        Assert.NotEmpty(user);

        // -G: one row per thread group, its leader (drgn: pid == tgid).
        var leaders = AnalyzedFixtures.DrgnTasks(id).Where(t => t.Pid > 0).Select(t => t.Task).ToHashSet();
        using var drgn = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "drgn.json")));
        var tgidLeaders = drgn.RootElement.GetProperty("tasks").EnumerateArray()
            .Where(t => t.GetProperty("pid").GetInt32() == t.GetProperty("tgid").GetInt32())
            .Select(t => Convert.ToUInt64(t.GetProperty("task").GetString(), 16)).ToHashSet();
        var grouped = Rows(ShellFixtures.Run(id, "ps -G").Text).Select(Task).Where(a => leaders.Contains(a)).ToHashSet();
        Assert.Equal(tgidLeaders, grouped);

        // PIDs, task addresses and command names (each match printed, in list order).
        var init = Assert.Single(Rows(ShellFixtures.Run(id, "ps 1").Text));
        Assert.Equal(init, Assert.Single(Rows(ShellFixtures.Run(id, $"ps {Task(init):x}").Text)));
        Assert.Equal(all.Where(r => r.EndsWith(" init", StringComparison.Ordinal)), Rows(ShellFixtures.Run(id, "ps init").Text));
        Assert.Equal(all.Where(r => r.EndsWith(" [kthreadd]", StringComparison.Ordinal)), Rows(ShellFixtures.Run(id, "ps kthreadd").Text));

        // -S: crash's per-state count lines, in the order states first appear (show_ps_summary()).
        var expected = all.Select(r => r.TrimStart('>').Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]).GroupBy(s => s).Select(g => $"  {g.Key}: {g.Count()}");
        Assert.Equal(string.Join('\n', expected) + "\n", ShellFixtures.Run(id, "ps -S").Text);
    }

    [Fact]
    public void Ps_errors_are_crashs()
    {
        const string id = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        var shell = ShellFixtures.Open(id);
        // "dd" is a hexadecimal number to crash (IS_A_NUMBER), so it names no task; "\dd" is the command.
        var dd = shell.Execute("ps dd");
        Assert.Equal("ps: invalid task or pid value: dd\n\n" + TaskListText.Header + "\n", dd.Text);
        Assert.NotEmpty(Rows(shell.Execute("ps \\dd").Text));
        Assert.Equal("ps: -u and -k are mutually exclusive\n", shell.Execute("ps -k -u").Text);
        Assert.Equal("ps: -S option cannot be used with other options\n", shell.Execute("ps -S -k").Text);
    }

    private static List<string> Rows(string text) => text.TrimEnd('\n').Split('\n').Skip(1).Where(l => l.Length > 0).ToList();

    private static ulong Task(string row) => Convert.ToUInt64(row.TrimStart('>').Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], 16);
}
