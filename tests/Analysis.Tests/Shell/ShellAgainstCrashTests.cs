using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Disassembly;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// The shell's commands against Debian's crash 8.0.2 run on the same Debian dumps with the same
/// debug kernel (<see cref="CrashReference"/>): every line crash prints is the reference, except
/// where a comment says which lines differ and why.
/// </summary>
public sealed class ShellAgainstCrashTests
{
    public static TheoryData<string> DebianDumps() =>
        ["debian-6.1-cloud/sysrq-c/kdump-zlib", "debian-6.1-cloud/oops-null/kdump-lzo", "debian-6.1-cloud/hung-mutex/kdump-zstd"];

    /// <summary>
    /// Per-CPU variables: crash's type and address list, and the values on the CPUs named after ':'
    /// (one, the current one, all, a list, a range, one too many). Also run without a debug kernel
    /// (<see cref="PerCpuWithoutDebugKernelTests"/>), typed from the dump's BTF.
    /// </summary>
    internal static readonly string[] PerCpuPrints =
    [
        "p runqueues", "px this_cpu_off", "p irq_stat", "p irq_stat:1", "p irq_stat:", "px cpu_number:a", "p this_cpu_off:0,2", "p current_task:0-1",
        "px fpu_fpregs_owner_ctx:a", "p irq_stack_backing_store", "p cpu_number:9",
    ];

    /// <summary>gdb's value history numbers p's outputs: these run first, in this order, in crash and in our shell.</summary>
    private static readonly string[] _prints = ["p jiffies", "px jiffies", "p init_task.pid", "p init_task.comm", "px init_task.prio", "p init_task.__state",
        "p linux_banner", "p init_task.tasks", "p init_task.se.avg", "px init_task.thread.sp", "p nosuchsymbol_crashdesk",
        .. PerCpuPrints, "p jiffies:1", "p nosuchsymbol_crashdesk:1", "p init_task.pid:1", "p runqueues.nr_running", "p __per_cpu_offset", "p node_states",
        "p init_task.parent", "p corpus_mutex", "p &init_task", "p &init_task.se", "px &init_task.pid", "p &linux_banner", "p &init_task.comm", "p &runqueues",
    ];

    /// <summary>
    /// Functions of different signatures, run after <see cref="_prints"/> (gdb's value history goes on): void (void);
    /// int-returning and variadic (_printk); void and variadic (panic); a struct pointer parameter (mutex_lock); a
    /// pointer return with typedef parameters (__kmalloc); a const parameter (jiffies_to_msecs); a function-pointer
    /// parameter and a variadic tail (kthread_create_on_node); a typedef'd callback (call_rcu); `&amp;` as a pointer to
    /// the function; an assembler function with DWARF of its own (memcpy: gdb takes it as prototyped); a member of a
    /// function, refused. Not here: entry_SYSCALL_64, which gdb prints as a text symbol without debug info although
    /// the assembler gave it a subprogram too (we print "void (void)"; why gdb passes over that one is not known yet).
    /// </summary>
    private static readonly string[] _functions =
    [
        "p schedule", "px schedule", "p &schedule", "px &schedule", "p _printk", "p panic", "p &panic", "p mutex_lock", "px &mutex_lock",
        "p __kmalloc", "p jiffies_to_msecs", "p kthread_create_on_node", "p call_rcu", "p vfs_read", "p do_syscall_64", "p memcpy",
        "p mutex_lock:1", "p schedule.foo", "p &schedule.foo",
    ];

    /// <summary>
    /// Two symbols at one address: the linker script's `jiffies = jiffies_64` (gdb names the address by the sized one)
    /// and memcpy_64.S's weak `memcpy` alias of `__memcpy` (both sized: gdb takes the last by name).
    /// </summary>
    private static readonly string[] _aliases = ["p &jiffies", "px &jiffies", "p &jiffies_64", "p __memcpy", "p &__memcpy"];

    private static readonly string[] _reads =
    [
        "rd jiffies 4", "rd jiffies", "rd -32 init_task 9", "rd -16 jiffies 5", "rd -8 linux_banner 40", "rd -s init_task 8",
        "rd -s init_task.tasks 4", "rd -a linux_banner", "rd -a linux_banner 10", "rd -d init_task 3", "rd -D -32 init_task 5", "rd -x init_task 3",
        "rd ffffffffffff0000", "rd nosuchsymbol_crashdesk", "rd -16 sysrq_handle_crash+3 9",
    ];

    private static readonly string[] _types =
    [
        "struct mutex", "struct mutex -o", "struct list_head -o", "struct task_struct.pid", "struct task_struct.pid,tasks,comm", "union foo_crashdesk", "struct foo_crashdesk",
        // One member: its offset in the column of the whole type's -o (task_struct's offsets have 4 digits); a nested path is refused.
        "struct -o task_struct.se", "struct task_struct.se", "struct sched_entity.avg", "struct task_struct.se.avg",
    ];

    private static readonly string[] _disassembly =
    [
        "dis sysrq_handle_crash", "dis -r sysrq_handle_crash+17", "dis sysrq_handle_crash+10 2", "dis mutex_lock", "dis schedule_timeout 30",
        "dis jiffies_to_msecs", "dis native_safe_halt", "dis do_idle 60", "dis __schedule 120", "dis panic 80", "dis nosuchsymbol_crashdesk",
        // -l: the line before each instruction whose line differs; schedule and __schedule inline
        // current.h, preempt.h and bitops.h, where several rows share one address.
        "dis -l schedule", "dis -r -l schedule+16", "dis -l schedule+7 3", "dis -l sysrq_handle_crash", "dis -l __schedule 120",
    ];

    // Text symbols of vmlinux end with the line table's "FILE: LINE" (an assembler file's absolute path for _stext); data symbols without.
    private static readonly string[] _symbols = ["sym jiffies", "sym init_task", "sym linux_banner", "sym _stext", "sym schedule", "sym mutex_lock schedule_timeout", "sym schedule+8",
        "sym corpus_softlockup"]; // a module function: crash prints its empty line number, a trailing " "

    private static string[] PanicTaskCommands(string dump)
    {
        string task = FixtureDumps.Meta(dump).GetProperty("panic_task").GetString()!;
        return
        [
            $"struct task_struct {task}",
            $"struct task_struct.pid,comm,tasks {task}",
            $"struct task_struct.pid -x {task}",
            $"struct list_head -x {task}",
            "struct task_struct.pid ffffffffffff0000",
            // The panic task is an active task, which crash finds (it misses only the others on these kernels); "files" alone is the panic task too.
            $"files {task}",
            "files",
            $"struct task_struct.foo_crashdesk {task}",
        ];
    }

    private static readonly string _tasksList = "list task_struct.tasks -s task_struct.pid,comm,__state -h init_task";

    /// <summary>The hung-mutex module's lock (a module symbol: crash finds its address in the module's symbol table, as we do).</summary>
    private const string CorpusMutex = "struct mutex corpus_mutex";

    /// <summary>crash takes no member expression as the -H start: "list: invalid argument: init_task.tasks".</summary>
    private const string BadHead = "list -H init_task.tasks -o task_struct.tasks";

    /// <summary>
    /// `list -o task_struct.tasks -H ADDR` with ADDR = &amp;init_task.tasks: init_task's link-time
    /// address in the debug kernel moved by the dump's VMCOREINFO KERNELOFFSET, plus the offset of
    /// tasks in crash's own `struct task_struct -o` reference.
    /// </summary>
    private static string HeadList(string dump)
    {
        Assert.True(DebugKernels.Get("debian-6.1-cloud").Symbols.TryGetAddress("init_task", out ulong linked));
        ulong slide = ulong.Parse(DebugKernels.VmcoreInfoValue(FixtureDumps.DumpPath(dump), "KERNELOFFSET"), System.Globalization.NumberStyles.HexNumber);
        string layout = File.ReadAllText(Path.Combine(Fixtures.Root, "kernels", "debian-6.1-cloud", "crash", "struct-task_struct.txt"));
        var tasks = System.Text.RegularExpressions.Regex.Match(layout, @"\[(\d+)\] struct list_head tasks;");
        Assert.True(tasks.Success);
        ulong head = linked + slide + ulong.Parse(tasks.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return $"list -o task_struct.tasks -H {head:x}";
    }

    private static string[] Sequence(string dump) =>
        [.. _prints, .. _functions, .. _aliases, .. _reads, .. _types, .. _disassembly, .. _symbols, .. PanicTaskCommands(dump), _tasksList, BadHead, HeadList(dump), .. dump.Contains("hung-mutex", StringComparison.Ordinal) ? [CorpusMutex] : Array.Empty<string>()];

    private static IReadOnlyDictionary<string, string> Crash(string dump) => CrashReference.Outputs(dump, Sequence(dump));

    private static string Ours(CrashShell shell, string command) => shell.Execute(command).Text;

    private static CrashShell Open(string dump, FileByteSource source) =>
        new(KernelTarget.Open(source), DebugKernels.Get("debian-6.1-cloud"), new CrashShellNames("vmlinux", Path.GetFileName(FixtureDumps.DumpPath(dump))),
            CrashCommands.WithDisassembler(new IcedInstructionDecoder()));

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void P_and_px_print_variables_and_members_as_crash_does(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        foreach (string command in _prints)
            Assert.Equal(crash[command], Ours(shell, command));
    }

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void P_and_px_print_functions_with_their_dwarf_signature_as_crash_does(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        foreach (string command in _prints)
            Ours(shell, command);
        foreach (string command in _functions)
        {
            string ours = Ours(shell, command);
            Assert.True(crash[command] == ours, $"{command}\ncrash:\n{crash[command]}\nours:\n{ours}");
        }
        // Not vacuous: crash printed signatures, not failures.
        Assert.Contains("{int (const char *, ...)} 0x", crash["p _printk"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void P_of_an_address_two_data_symbols_share_names_the_one_gdb_chooses(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        foreach (string command in _prints.Concat(_functions))
            Ours(shell, command);
        foreach (string command in _aliases)
        {
            string ours = Ours(shell, command);
            Assert.True(crash[command] == ours, $"{command}\ncrash:\n{crash[command]}\nours:\n{ours}");
        }
        // Not vacuous: crash's own sym names the address jiffies, gdb names it jiffies_64.
        string address = crash["sym jiffies"].Split(' ')[0];
        Assert.Equal($"{address} (D) jiffies\n", crash["sym jiffies"]);
        Assert.EndsWith($" 0x{address} <jiffies_64>\n", crash["p &jiffies"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void Rd_lays_out_words_symbols_and_strings_as_crash_does(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        foreach (string command in _reads)
        {
            string ours = Ours(shell, command);
            if (command.StartsWith("rd -s", StringComparison.Ordinal))
                AssertSameSymbolicWords(command, crash[command], ours);
            else
                Assert.True(crash[command] == ours, $"{command}\ncrash:\n{crash[command]}\nours:\n{ours}");
        }
    }

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void Struct_layouts_and_errors_are_crashs(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        foreach (string command in _types)
            Assert.True(crash[command] == Ours(shell, command), $"{command}\ncrash:\n{crash[command]}\nours:\n{Ours(shell, command)}");
    }

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void Struct_of_the_panic_task_prints_its_contents_as_crash_does(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        foreach (string command in PanicTaskCommands(dump))
            AssertSameLines(command, crash[command], Ours(shell, command));
    }

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void Dis_prints_functions_as_crash_does(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        foreach (string command in _disassembly)
            AssertSameLines(command, crash[command], Ours(shell, command));
    }

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void Sym_names_addresses_as_crash_does(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        foreach (string command in _symbols)
            Assert.Equal(crash[command], Ours(shell, command));
    }

    [Theory]
    [MemberData(nameof(DebianDumps))]
    public void List_walks_the_task_list_as_crash_does(string dump)
    {
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        AssertSameLines(_tasksList, crash[_tasksList], Ours(shell, _tasksList));
        // The fixture's own reference (crash run when the fixtures were made) says the same.
        string stored = File.ReadAllText(Path.Combine(FixtureDumps.Folder(dump), "crash", "list-task-struct-tasks-s-task-struct-pid-comm-state-h-init-task.txt"));
        Assert.Equal(stored.TrimEnd('\n'), Ours(shell, _tasksList).TrimEnd('\n'));
        AssertSameLines(BadHead, crash[BadHead], Ours(shell, BadHead));
        string heads = HeadList(dump);
        Assert.True(crash[heads].Split('\n').Length > 60, crash[heads]); // every task but init_task, not an error
        AssertSameLines(heads, crash[heads], Ours(shell, heads));
    }

    /// <summary>
    /// `rd -s` word by word. crash reads vmlinux's symbols through BFD, whose list has the section
    /// symbols (".data") among the others, and names a word that points at a section's start by the
    /// section; ours come from .symtab's function and object symbols, which name the same address
    /// by the object there (init_stack). For those words only we require a name, not crash's.
    /// </summary>
    private static void AssertSameSymbolicWords(string command, string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        Assert.True(e.Length == a.Length, $"{command}: crash printed {e.Length} lines, we printed {a.Length}\ncrash:\n{expected}\nours:\n{actual}");
        for (int i = 0; i < e.Length; i++)
        {
            string[] ew = e[i].Split(' ', StringSplitOptions.RemoveEmptyEntries), aw = a[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(ew.Length == aw.Length, $"{command}: line {i + 1}\ncrash: {e[i]}\nours:  {a[i]}");
            for (int w = 0; w < ew.Length; w++)
            {
                bool sectionName = ew[w].StartsWith('.');
                Assert.True(sectionName ? !ulong.TryParse(aw[w], System.Globalization.NumberStyles.HexNumber, null, out _) : ew[w] == aw[w],
                    $"{command}: line {i + 1} word {w + 1}\ncrash: {e[i]}\nours:  {a[i]}");
            }
            if (!e[i].Contains(" .", StringComparison.Ordinal))
                Assert.Equal(e[i], a[i]);
        }
    }

    [Fact]
    public void Struct_of_a_module_variable_prints_what_crashs_p_prints()
    {
        const string dump = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        var crash = Crash(dump);
        using var source = new FileByteSource(FixtureDumps.DumpPath(dump));
        var shell = Open(dump, source);
        string ours = Ours(shell, CorpusMutex);
        Assert.Equal(crash[CorpusMutex], ours);
        // The fixture's `p corpus_mutex` (crash with the module's debug info loaded) prints the same
        // value after its own first line ("corpus_mutex = $1 = {" where struct prints "struct mutex {").
        string[] stored = File.ReadAllLines(Path.Combine(FixtureDumps.Folder(dump), "crash", "p-corpus-mutex.txt"));
        Assert.Equal("corpus_mutex = $1 = {", stored[0]);
        Assert.Equal(stored[1..], ours.TrimEnd('\n').Split('\n')[1..]);
    }

    /// <summary>Line by line, so a failure names the first line that differs.</summary>
    private static void AssertSameLines(string command, string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
            Assert.True(e[i] == a[i], $"{command}: line {i + 1} differs\ncrash: {e[i]}\nours:  {a[i]}");
        Assert.True(e.Length == a.Length, $"{command}: crash printed {e.Length} lines, we printed {a.Length}");
    }
}
