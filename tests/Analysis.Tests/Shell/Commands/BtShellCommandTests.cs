using System.Globalization;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Tests.Extractors.Backtrace;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell.Commands;

/// <summary>
/// The shell's `bt`: the CLI's text (CrashBacktraceText over the same extractor), drgn's frames for
/// `bt PID` (docs/acceptance-notes.md: exactly drgn's non-inline frames, every D-state task), crash's
/// wording for a bad PID, `bt -f` words read back from the dump, and the links.
/// </summary>
public sealed class BtShellCommandTests
{
    public static TheoryData<string> WithDrgn() => BacktraceFixtures.WithDrgn();

    public static TheoryData<string> WithCrashBtA() => BacktraceFixtures.WithCrashBtA();

    [Theory]
    [MemberData(nameof(WithCrashBtA))]
    public void Bt_a_is_crashdesk_bt_a_and_crashs_cpus_and_pids(string id)
    {
        var text = ShellFixtures.Run(id, "bt -a").Text;
        // The CLI's `bt -a`: CrashBacktraceText.Format(extractor.ForActiveCpus()) over the same dump and debug kernel.
        var (_, extractor) = BacktraceFixtures.Open(id);
        Assert.Equal(CrashBacktraceText.Format(extractor.ForActiveCpus()), text);
        var crash = ReferenceFrames.CrashBtA(FixtureDumps.Folder(id));
        Assert.Equal(crash.Select(b => b.Pid), ShellFixtures.Blocks(text).Select(b => b.Pid));
    }

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Bt_without_arguments_is_the_panic_task_of_meta_json(string id)
    {
        var meta = FixtureDumps.Meta(id);
        var block = Assert.Single(ShellFixtures.Blocks(ShellFixtures.Run(id, "bt").Text));
        Assert.Equal(meta.GetProperty("panic_pid").GetInt32(), block.Pid);
        Assert.Equal(Convert.ToUInt64(meta.GetProperty("panic_task").GetString(), 16), block.Task);
    }

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Bt_pid_of_each_sleeping_task_is_drgns_frames(string id)
    {
        var shell = ShellFixtures.Open(id);
        var active = shell.GetBacktraces(CancellationToken.None).CurrentTasks.Values.ToHashSet();
        var tasks = ReferenceFrames.Drgn(FixtureDumps.Folder(id)).Where(t => !active.Contains(t.Task)).ToList();
        int same = 0;
        var misses = new List<string>();
        foreach (var t in tasks)
        {
            var block = Assert.Single(ShellFixtures.Blocks(ShellFixtures.Run(id, $"bt {t.Pid}").Text));
            Assert.Equal((t.Pid, t.Task), (block.Pid, block.Task));
            if (block.Functions.SequenceEqual(t.Functions))
                same++;
            else if (t.State == 'D')
                misses.Add($"D-state pid {t.Pid}: [{string.Join(", ", block.Functions)}] drgn [{string.Join(", ", t.Functions)}]");
            else
                misses.Add($"pid {t.Pid}");
        }
        Assert.DoesNotContain(misses, m => m.StartsWith("D-state", StringComparison.Ordinal));
        Assert.True(same >= tasks.Count * 0.98, $"{same}/{tasks.Count}: {string.Join(" | ", misses)}");
    }

    [Fact]
    public void Bt_of_several_pids_and_task_addresses_prints_each_and_a_bad_one_as_crash_does()
    {
        const string id = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        var shell = ShellFixtures.Open(id);
        var bad = shell.Execute("bt 99999");
        Assert.Equal("bt: invalid task or pid value: 99999\n", bad.Text);
        Assert.Equal("bt: invalid task or pid value: 99999", bad.Error);
        var drgn = ReferenceFrames.Drgn(FixtureDumps.Folder(id));
        var holder = drgn.Single(t => t.Comm == "corpus_holder");
        string byPid = ShellFixtures.Run(id, $"bt {holder.Pid}").Text;
        Assert.Equal(byPid, ShellFixtures.Run(id, $"bt {holder.Task:x}").Text);
        Assert.Equal(byPid, ShellFixtures.Run(id, $"bt 0x{holder.Task:x}").Text);
        // Several arguments: blank lines between, an invalid one said in its place and skipped (kernel.c cmd_bt()).
        var several = shell.Execute($"bt 1 99999 {holder.Pid}");
        Assert.Null(several.Error);
        string one = ShellFixtures.Run(id, "bt 1").Text;
        Assert.Equal(one + "\nbt: invalid task or pid value: 99999\n\n" + byPid, several.Text);
        Assert.StartsWith("bt: invalid option -- 'x'", shell.Execute("bt -x").Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Bt_links_the_pid_to_bt_the_task_to_its_struct_and_each_return_address_to_dis(string id)
    {
        var reply = ShellFixtures.Run(id, "bt -a");
        var blocks = ShellFixtures.Blocks(reply.Text);
        var lines = reply.Text.Split('\n');
        int frames = lines.Count(l => ShellFixtures.BtFrame().IsMatch(l));
        int exceptions = lines.Count(l => l.StartsWith("    [exception RIP: ", StringComparison.Ordinal));
        var dis = reply.Links.Where(l => l.Command.StartsWith("dis ", StringComparison.Ordinal)).ToList();
        Assert.Equal(frames + exceptions, dis.Count);
        foreach (var link in dis.Where(l => reply.Text.Substring(l.Start - 16, 16) == "[exception RIP: "))
            Assert.Equal("dis " + ShellFixtures.LinkText(reply, link), link.Command);
        dis = dis.Where(l => reply.Text.Substring(l.Start - 16, 16) != "[exception RIP: ").ToList();
        Assert.Equal(frames, dis.Count);
        foreach (var link in dis)
        {
            // The span is the 16 digits after " at " on a frame line, and the command names them.
            Assert.Equal("dis " + ShellFixtures.LinkText(reply, link), link.Command);
            Assert.Equal(" at ", reply.Text.Substring(link.Start - 4, 4));
        }
        var structs = reply.Links.Where(l => l.Command.StartsWith("struct task_struct ", StringComparison.Ordinal)).Select(l => l.Command[19..]).ToList();
        Assert.Equal(blocks.Select(b => b.Task.ToString("x", CultureInfo.InvariantCulture)), structs);
        var bts = reply.Links.Where(l => l.Command.StartsWith("bt ", StringComparison.Ordinal)).ToList();
        Assert.Equal(blocks.Count, bts.Count);
        foreach (var (link, block) in bts.Zip(blocks))
        {
            Assert.Equal(block.Pid.ToString(CultureInfo.InvariantCulture), ShellFixtures.LinkText(reply, link));
            // Clicking runs that task's backtrace (PID 0 is every idle task: the link names the address).
            var again = ShellFixtures.Blocks(ShellFixtures.Run(id, link.Command).Text);
            Assert.Equal((block.Pid, block.Task), (again[0].Pid, again[0].Task));
        }
    }

    public static TheoryData<string, bool> FullFrameCases()
    {
        var data = new TheoryData<string, bool>();
        // The hung-mutex dumps have D-state tasks (corpus_holder, corpus_waiter, sh); sysrq-c has none.
        foreach (string id in new[] { "debian-6.1-cloud/hung-mutex/kdump-zstd", "mini-6.1-lockdep/hung-mutex/kdump-zstd" })
        {
            data.Add(id, true);
            data.Add(id, false);
        }
        data.Add("debian-6.1-cloud/sysrq-c/kdump-zlib", true);
        data.Add("mini-6.1-lockdep/sysrq-c/kdump-zstd", true);
        return data;
    }

    [Theory]
    [MemberData(nameof(FullFrameCases))]
    public void Bt_f_words_lie_on_the_tasks_stack_and_hold_the_dumps_memory(string id, bool panicTask)
    {
        // The panic task (process context under sysrq/hung-task: all on its task stack) or the D-state tasks.
        var drgn = ReferenceFrames.Drgn(FixtureDumps.Folder(id));
        var pids = panicTask ? [FixtureDumps.Meta(id).GetProperty("panic_pid").GetInt32()] : drgn.Where(t => t.State == 'D').Select(t => t.Pid).ToList();
        Assert.NotEmpty(pids);
        // Read independently: a second open of the dump, and task_struct.stack through the debug kernel's offset.
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var target = KernelTarget.Open(source);
        var kernel = DebugKernels.Get(AnalyzedFixtures.Kernel(id));
        var context = Crashdesk.Analysis.Context.KernelContextFactory.Create(target, kernel);
        long stackOffset = context.Types.RequireOffset("task_struct", "stack");
        const ulong threadSize = 16 * 1024; // arch/x86/include/asm/page_64_types.h: THREAD_SIZE = PAGE_SIZE << 2 (no KASAN)
        int words = 0;
        foreach (int pid in pids)
        {
            string plain = ShellFixtures.Run(id, $"bt {pid}").Text;
            string full = ShellFixtures.Run(id, $"bt -f {pid}").Text;
            ulong task = ShellFixtures.Blocks(plain)[0].Task;
            ulong stack = target.KernelMemory.ReadU64(task + (ulong)stackOffset, "task_struct.stack");
            var wordLines = new List<string>();
            var other = new List<string>();
            foreach (string line in full.Split('\n'))
                (line.StartsWith("    ", StringComparison.Ordinal) && line.Length > 21 && line[20] == ':' ? wordLines : other).Add(line);
            // -f only adds word lines: without them the text is plain `bt`'s.
            Assert.Equal(plain, string.Join('\n', other));
            Assert.NotEmpty(wordLines);
            foreach (string line in wordLines)
            {
                // crash's layout: "    ADDR: WORD WORD " (x86_64_display_full_frame(): "%lx: " then "%016lx " per word).
                Assert.Matches(@"^    [0-9a-f]{16}: ([0-9a-f]{16} ){1,2}$", line);
                ulong address = Convert.ToUInt64(line[4..20], 16);
                foreach (string word in line[22..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    Assert.InRange(address, stack, stack + threadSize - 8);
                    Assert.Equal(target.KernelMemory.ReadU64(address, "stack word"), Convert.ToUInt64(word, 16));
                    address += 8;
                    words++;
                }
            }
            // The words between two frames end at the later frame's return-address slot.
            var slots = plain.Split('\n').Select(l => ShellFixtures.BtFrame().Match(l)).Where(m => m.Success).Select(m => Convert.ToUInt64(m.Groups["slot"].Value, 16)).ToList();
            var lastWords = wordLines.Select(l => Convert.ToUInt64(l[4..20], 16) + (ulong)(l[22..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length - 1) * 8).ToHashSet();
            Assert.Contains(slots.Skip(1), s => lastWords.Contains(s));
        }
        Assert.True(words > 10);
    }
}
