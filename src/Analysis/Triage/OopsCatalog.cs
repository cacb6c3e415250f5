using System.Text.RegularExpressions;
using static Crashdesk.Analysis.Triage.GuiltyStrategy;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// The report headers the kernel prints, most specific first. Sources: the printing code
/// (arch/x86/mm/fault.c show_fault_oops, arch/x86/kernel/traps.c, lib/bug.c, kernel/panic.c,
/// kernel/hung_task.c, kernel/watchdog.c, kernel/rcu/tree_stall.h, kernel/locking/lockdep.c,
/// mm/kasan/report.c, mm/kfence/report.c, mm/kmsan/report.c, kernel/kcsan/report.c, lib/ubsan.c,
/// mm/kmemleak.c, mm/page_alloc.c bad_page, mm/slub.c, mm/oom_kill.c, arch/x86/kernel/cpu/mce) and the
/// title conventions of public crash dashboards (syzkaller pkg/report/linux.go, read, not copied).
/// </summary>
internal static class OopsCatalog
{
    private const string Func = @"(?<func>[A-Za-z0-9_]+)(?:[.+]| \()";
    private const string Src = @"([\w\-/.]+\.[a-z]+:\d+)";

    public static IReadOnlyList<OopsPattern> All { get; } = Build();

    private static OopsPattern P(string header, string cls, string title, GuiltyStrategy strategy = TraceOnly,
        string[]? skip = null, string? marker = null, bool cont = false, bool needsTrace = false, string? family = null) => new()
        {
            Header = new Regex(header, RegexOptions.CultureInvariant),
            Class = cls,
            Title = title,
            Strategy = strategy,
            Skip = skip ?? [],
            Marker = marker is null ? null : new Regex(marker, RegexOptions.CultureInvariant),
            Continuation = cont,
            NeedsTrace = needsTrace,
            Family = family,
        };

    private static List<OopsPattern> Build()
    {
        string[] lockSkip = ["lock_sock", "release_sock"];
        string[] ubsanSkip = ["ubsan", "overflow"];
        string[] stallSkip = ["apic_timer_interrupt", "rcu"];
        string[] memleakSkip =
            ["kmemleak", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get", "idr_pre_get", "list_lru_init", "kasprintf", "kvasprintf",
             "pcpu_create", "strdup", "strndup", "memdup"];
        return
        [
            // Sanitizers (mm/kasan/report.c, mm/kfence/report.c, mm/kmsan/report.c, kernel/kcsan/report.c).
            P(@"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in " + Func, CrashClass.Kasan,
                "KASAN: invalid-free in {func}", HeaderFunc, ["slab_", "kfree", "vunmap", "vfree"]),
            P(@"BUG: KASAN: ([a-z\-]+) in " + Func, CrashClass.Kasan, "KASAN: {1} {access} in {func}", HeaderFunc,
                ["kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"]),
            P(@"BUG: KASAN: ([a-z\-]+) on address", CrashClass.Kasan, "KASAN: {1} {access}", TraceOnly),
            P(@"BUG: KASAN: ([a-z\-]+)", CrashClass.Kasan, "KASAN: {1}", TraceOnly),
            P(@"BUG: KMSAN: kernel-usb-infoleak", CrashClass.Kmsan, "KMSAN: kernel-usb-infoleak in {func}", FramesAfterHeader,
                ["alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg"]),
            P(@"BUG: KMSAN: ([a-z\-]+)", CrashClass.Kmsan, "KMSAN: {1} in {func}", FramesAfterHeader,
                ["alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$", "^(?:crypto|cipher|drbg|rng)_"]),
            P(@"BUG: KCSAN: (.+)", CrashClass.Kcsan, "KCSAN: {1}", Captured, marker: @"BUG: KCSAN: [^\n]*? in (?<func>[A-Za-z0-9_]+)"),
            P(@"BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in " + Func, CrashClass.Kfence, "KFENCE: {1} {2} in {func}", HeaderFunc),
            P(@"BUG: KFENCE: invalid free in " + Func, CrashClass.Kfence, "KFENCE: invalid free in {func}", HeaderFunc),
            P(@"BUG: KFENCE: invalid (read|write) in " + Func, CrashClass.Kfence, "KFENCE: invalid {1} in {func}", HeaderFunc),
            P(@"BUG: KFENCE: memory corruption in " + Func, CrashClass.Kfence, "KFENCE: memory corruption in {func}", HeaderFunc),
            P(@"BUG: KFENCE: ([a-z\- ]+)", CrashClass.Kfence, "KFENCE: {1}", FramesAfterHeader),
            P(@"UBSAN: Undefined behaviour in", CrashClass.Ubsan, "UBSAN: undefined-behaviour in {func}", TraceOnly, ubsanSkip),
            P(@"UBSAN: ([a-z\-]+(?: [a-z\-]+)*?) in ", CrashClass.Ubsan, "UBSAN: {1} in {func}", TraceOnly, ubsanSkip),
            P(@"UBSAN: ([a-z\-]+)", CrashClass.Ubsan, "UBSAN: {1} in {func}", TraceOnly, ubsanSkip),

            // Memory leaks (mm/kmemleak.c print_unreferenced).
            P(@"BUG: memory leak", CrashClass.Memleak, "memory leak in {func}", StackAfterMarker, memleakSkip, @"backtrace(?: \(crc [0-9a-f]*\))?:"),
            P(@"^unreferenced object 0x[0-9a-f]+ \(size \d+\)", CrashClass.Memleak, "memory leak in {func}", StackAfterMarker, memleakSkip,
                @"backtrace(?: \(crc [0-9a-f]*\))?:"),
            P(@"kmemleak: \d+ new suspected memory leaks", CrashClass.Memleak, "kmemleak: suspected memory leaks", TraceOnly),

            // Page faults (arch/x86/mm/fault.c show_fault_oops; arm64 arch/arm64/mm/fault.c die_kernel_fault).
            P(@"BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)",
                CrashClass.NullDeref, "BUG: unable to handle kernel NULL pointer dereference in {func}", RipThenTrace),
            P(@"BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)",
                CrashClass.PagingFault, "BUG: unable to handle kernel paging request in {func}", RipThenTrace),
            P(@"BUG: (?:unable to handle kernel|Unable to handle kernel)", CrashClass.PagingFault, "BUG: unable to handle kernel", RipThenTrace),
            P(@"Unable to handle kernel NULL pointer dereference", CrashClass.NullDeref,
                "BUG: unable to handle kernel NULL pointer dereference in {func}", RipThenTrace),
            P(@"Unable to handle kernel (paging request|access to user memory|execute from non-executable memory|write to read-only memory)",
                CrashClass.PagingFault, "BUG: unable to handle kernel {1} in {func}", RipThenTrace),
            // s390 (arch/s390/mm/fault.c report_user_fault/do_no_context) and powerpc (arch/powerpc/kernel/traps.c
            // die, bad_page_fault: `Oops: Kernel access of bad area, sig: 11`).
            P(@"Unable to handle kernel pointer dereference in virtual \w+ address space", CrashClass.PagingFault,
                "BUG: unable to handle kernel paging request in {func}", RipThenTrace),
            P(@"^Oops: Kernel access of bad area", CrashClass.PagingFault, "BUG: unable to handle kernel paging request in {func}", RipThenTrace,
                cont: true),
            P(@"^Oops: Exception in kernel mode", CrashClass.Bug, "kernel BUG in {func}", RipThenTrace, cont: true),

            // CPU exceptions (arch/x86/kernel/traps.c, dumpstack.c __die).
            P(@"general protection fault(?!.* error:\d+ in )", CrashClass.Gpf, "general protection fault in {func}", RipThenTrace),
            P(@"stack segment: ", CrashClass.CpuException, "stack segment fault in {func}", RipThenTrace),
            P(@"divide[ _]error: ", CrashClass.CpuException, "divide error in {func}", RipThenTrace),
            P(@"(?:^|\] |: )int3: ", CrashClass.CpuException, "int3 in {func}", RipThenTrace),
            P(@"PANIC: double fault", CrashClass.CpuException, "PANIC: double fault in {func}", RipThenTrace, cont: true),
            P(@"kernel BUG at mm/usercopy\.c", CrashClass.MemoryCorruption, "BUG: bad usercopy in {func}", TraceOnly, ["usercopy", "__check"]),
            P(@"kernel BUG at lib/list_debug\.c", CrashClass.MemoryCorruption, "BUG: corrupted list in {func}", TraceOnly),
            P(@"kernel BUG at ", CrashClass.Bug, "kernel BUG in {func}", RipThenTrace, ["^skb_"]),
            P(@"Kernel BUG (?:at|\[)", CrashClass.Bug, "kernel BUG in {func}", RipThenTrace),
            // BUG() without an arch trap (include/asm-generic/bug.h, no-MMU and LKL builds): file, line and function.
            P(@"BUG: failure at [\w\-/.]+:\d+/(?<func>[A-Za-z0-9_]+)\(\)!", CrashClass.Bug, "kernel BUG in {func}", HeaderFunc),
            P(@"invalid opcode: ", CrashClass.CpuException, "invalid opcode in {func}", RipThenTrace, cont: true),
            P(@"Internal error: Oops - BUG", CrashClass.Bug, "kernel BUG in {func}", RipThenTrace, cont: true),
            P(@"Internal error: Oops - [Uu]ndefined instruction", CrashClass.CpuException, "invalid opcode in {func}", RipThenTrace, cont: true),
            P(@"Internal error: ", CrashClass.PagingFault, "Internal error in {func}", RipThenTrace, cont: true),
            P(@"Unhandled fault: ", CrashClass.PagingFault, "Unhandled fault in {func}", RipThenTrace),
            P(@"Alignment trap: ", CrashClass.CpuException, "Alignment trap in {func}", RipThenTrace),

            // Slab / page allocator consistency checks (mm/slub.c slab_bug, mm/page_alloc.c bad_page).
            P(@"BUG kmalloc-\S+ .*: Object already free", CrashClass.MemoryCorruption, "BUG: Object already free", TraceOnly),
            P(@"^BUG [\w\-.:()]+ \((?:Not tainted|Tainted: [^)]*)\): (.+)", CrashClass.MemoryCorruption, "BUG: {1}", TraceOnly),
            P(@"BUG: Bad page (state|cache)", CrashClass.MemoryCorruption, "BUG: Bad page {1} in {func}", StackAfterMarker,
                ["(free|put|get|update|release)_page", "free_unref", "^_*folio", "truncate_inode_pages", "page_frag_free", "alloc", "vmap", "page_owner", "bad_page", "free_pages_prepare", "free_pcp_prepare", "check_new_page", "check_free_page"],
                @"page last allocated"),
            P(@"BUG: Bad page map", CrashClass.MemoryCorruption, "BUG: Bad page map", TraceOnly),
            P(@"BUG: Bad rss-counter state", CrashClass.MemoryCorruption, "BUG: Bad rss-counter state", TraceOnly),
            P(@"BUG: non-zero (nr_ptes|nr_pmds|pgtables_bytes) on freeing mm", CrashClass.MemoryCorruption, "BUG: non-zero {1} on freeing mm", TraceOnly),
            P(@"VFS: Busy inodes after unmount", CrashClass.MemoryCorruption, "VFS: Busy inodes after unmount (use-after-free)", TraceOnly),
            P(@"VFS: Close: file count is 0", CrashClass.MemoryCorruption, "VFS: Close: file count is zero (use-after-free)", TraceOnly),

            // Lock debugging (kernel/locking/lockdep.c, kernel/locking/spinlock_debug.c).
            P(@"BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)",
                CrashClass.Lockdep, "BUG: {1} {2} in {func}", TraceOnly, ["spin_", "_lock", "_unlock"]),
            P(@"BUG: .*still has locks held!", CrashClass.Lockdep, "BUG: still has locks held in {func}", FirstSiteThenTrace),
            P(@"BUG: lock held when returning to user space", CrashClass.Lockdep, "BUG: lock held when returning to user space in {func}",
                AtAfterMarker, marker: "leaving the kernel with locks still held"),
            P(@"BUG: bad unlock balance detected", CrashClass.Lockdep, "BUG: bad unlock balance in {func}", FirstSiteThenTrace),
            P(@"BUG: held lock freed", CrashClass.Lockdep, "BUG: held lock freed in {func}", FirstSiteThenTrace),
            P(@"BUG: Invalid wait context", CrashClass.Lockdep, "WARNING: locking bug in {func}", TraceOnly, lockSkip),
            P(@"BUG: (?:MAX_LOCKDEP|MAX_STACK_TRACE_ENTRIES|looking up invalid subclass|key [0-9a-f]+ has not been registered)",
                CrashClass.Lockdep, "BUG: lockdep bug in {func}", TraceOnly, needsTrace: true),

            // Lockups and stalls (kernel/watchdog.c, kernel/watchdog_hld.c, kernel/rcu/tree_stall.h, kernel/workqueue.c).
            P(@"BUG: soft lockup", CrashClass.SoftLockup, "BUG: soft lockup in {func}", Stall),
            P(@"[Ww]atchdog detected hard LOCKUP on cpu", CrashClass.HardLockup, "BUG: hard lockup in {func}", RipThenTrace),
            // powerpc's own watchdog (arch/powerpc/kernel/watchdog.c watchdog_smp_panic / wd_timer_fn).
            P(@"Watchdog CPU:\s*\d+ (?:detected )?Hard LOCKUP", CrashClass.HardLockup, "BUG: hard lockup in {func}", RipThenTrace),
            P(@"BUG: workqueue lockup", CrashClass.SoftLockup, "BUG: workqueue lockup", TraceOnly),
            // 3.0-3.2 kernels named the flavour's state structure: `INFO: rcu_sched_state detected stall on CPU 0`.
            P(@"INFO: rcu_(?:preempt|sched|bh|tasks\w*)(?:_state)? (?:self-)?detected(?: expedited)? stall", CrashClass.RcuStall,
                "INFO: rcu detected stall in {func}", RcuStall, stallSkip),
            P(@"rcu: INFO: rcu_\w+ (?:self-)?detected(?: expedited)? stall", CrashClass.RcuStall, "INFO: rcu detected stall in {func}", RcuStall, stallSkip),

            // Atomic-context violations (kernel/sched/core.c __schedule_bug, __might_resched; lib/smp_processor_id.c).
            P(@"BUG: scheduling while atomic", CrashClass.AtomicContext, "BUG: scheduling while atomic in {func}", TraceOnly, ["schedule", "cond_resched"]),
            P(@"BUG: sleeping function called from invalid context", CrashClass.AtomicContext,
                "BUG: sleeping function called from invalid context in {func}", TraceOnly),
            P(@"BUG: using ([a-z_]+)\(\) in preemptible", CrashClass.Lockdep, "BUG: using {1}() in preemptible code in {func}", TraceOnly,
                ["dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"]),
            P(@"BUG: workqueue leaked lock or atomic", CrashClass.AtomicContext, "BUG: workqueue leaked lock or atomic in {func}", Captured,
                marker: @"last function: (?<func>[A-Za-z0-9_]+)"),

            // Stack corruption (arch/x86/kernel/traps.c handle_stack_overflow, kernel/panic.c __stack_chk_fail).
            P(@"BUG: .*stack guard page was hit at", CrashClass.StackCorruption, "BUG: stack guard page was hit in {func}", Stall),
            P(@"Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: " + Func, CrashClass.StackCorruption,
                "kernel panic: stack is corrupted in {func}", HeaderFunc, ["stack_chk"], cont: true),
            P(@"Kernel panic - not syncing: stack-protector:", CrashClass.StackCorruption, "kernel panic: stack is corrupted in {func}", TraceOnly,
                ["stack_chk"], cont: true),
            P(@"Kernel panic - not syncing: corrupted stack end", CrashClass.StackCorruption, "kernel panic: corrupted stack end in {func}", Stall,
                ["schedule", "retint_kernel"], cont: true),
            P(@"Kernel panic - not syncing: kernel stack overflow", CrashClass.StackCorruption, "kernel stack overflow in {func}", Stall,
                ["bad_stack"], cont: true),
            P(@"WARNING: kernel stack regs at [0-9a-f]+ in \S* has bad '([^']+)' value", CrashClass.StackCorruption,
                "WARNING: kernel stack regs has bad '{1}' value", TraceOnly),
            P(@"WARNING: kernel stack frame pointer at [0-9a-f]+ in \S* has bad value", CrashClass.StackCorruption,
                "WARNING: kernel stack frame pointer has bad value", TraceOnly),

            // WARN() and its special cases (kernel/panic.c __warn, lib/refcount.c, mm/usercopy.c, lib/debugobjects.c).
            P(@"WARNING: .*lib/debugobjects\.c.* (?:debug_print|debug_check|at)", CrashClass.Warning, "WARNING: ODEBUG bug in {func}", Warning,
                ["debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap", "vfree", "__free_", "debug_check", "kobject_"]),
            P(@"WARNING: .*mm/usercopy\.c.* (?:usercopy_warn|at)", CrashClass.MemoryCorruption, "WARNING: bad usercopy in {func}", Warning,
                ["usercopy", "__check"]),
            P(@"WARNING: .*lib/kobject\.c.* (?:kobject_|at)", CrashClass.Warning, "WARNING: kobject bug in {func}", Warning, ["kobject_"]),
            P(@"WARNING: .*fs/proc/generic\.c.* (?:proc_register|at)", CrashClass.Warning, "WARNING: proc registration bug in {func}", Warning, ["proc_"]),
            P(@"WARNING: .*lib/refcount\.c.* (?:refcount_|at)", CrashClass.MemoryCorruption, "WARNING: refcount bug in {func}", Warning,
                ["refcount", "kobject_"]),
            P(@"WARNING: .*kernel/locking/lockdep\.c.*lock_", CrashClass.Lockdep, "WARNING: locking bug in {func}", Warning, lockSkip),
            P(@"WARNING: .*still has locks held!", CrashClass.Lockdep, "WARNING: still has locks held in {func}", FirstSiteThenTrace),
            P(@"WARNING: Nested lock was not taken", CrashClass.Lockdep, "WARNING: nested lock was not taken in {func}", Warning),
            P(@"WARNING: lock held when returning to user space", CrashClass.Lockdep, "WARNING: lock held when returning to user space in {func}",
                AtAfterMarker, marker: "leaving the kernel with locks still held"),
            P(@"WARNING: .*mm/.*\.c.* k?.?malloc", CrashClass.Warning, "WARNING: kmalloc bug in {func}", Warning, ["kmalloc", "krealloc", "slab", "kmem"]),
            P(@"WARNING: .*mm/vmalloc\.c.*__vmalloc_node", CrashClass.Warning, "WARNING: zero-size vmalloc in {func}", Warning),
            P(@"WARNING: .* usb_submit_urb", CrashClass.Warning, "WARNING in {func}/usb_submit_urb", Warning,
                ["usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg"]),

            // Lockdep splats (kernel/locking/lockdep.c print_circular_bug_header and friends), old `INFO:` spelling too.
            P(@"(?:WARNING|INFO): possible circular locking dependency detected", CrashClass.Lockdep, "possible deadlock in {func}", LockdepCircular,
                ["process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"]),
            P(@"(?:WARNING|INFO): possible irq lock inversion dependency detected", CrashClass.Lockdep, "possible deadlock in {func}", AtAfterMarker,
                marker: "just changed the state of lock"),
            P(@"(?:WARNING|INFO): .*-safe -> .*-unsafe lock order detected", CrashClass.Lockdep, "possible deadlock in {func}", StackAfterMarker,
                marker: @"which became .* at:"),
            P(@"(?:WARNING|INFO): possible recursive locking detected", CrashClass.Lockdep, "possible deadlock in {func}", AtAfterMarker,
                marker: "is trying to acquire lock"),
            P(@"(?:WARNING|INFO): inconsistent lock state", CrashClass.Lockdep, "inconsistent lock state in {func}", TraceOnly),
            P(@"(WARNING|INFO): suspicious RCU usage", CrashClass.Lockdep, "{1}: suspicious RCU usage in {func}", TraceOnly, ["rcu", "kmem", "slab"]),
            P(@"WARNING: bad unlock balance detected!", CrashClass.Lockdep, "WARNING: bad unlock balance in {func}", FirstSiteThenTrace),
            P(@"WARNING: held lock freed!", CrashClass.Lockdep, "WARNING: held lock freed in {func}", FirstSiteThenTrace),
            P(@"INFO: trying to register non-static key", CrashClass.Lockdep, "INFO: trying to register non-static key in {func}", TraceOnly,
                ["stack", "lock", "IRQ"]),

            // Plain WARN(): every spelling of the header line.
            P(@"WARNING: " + Src + @" at 0x[0-9a-f]+, CPU#\d+", CrashClass.Warning, "WARNING in {func}", Warning),
            P(@"WARNING: .* at " + Src + @" " + Func, CrashClass.Warning, "WARNING in {func}", Warning),
            P(@"WARNING: " + Src + @" at " + Func, CrashClass.Warning, "WARNING in {func}", Warning),
            P(@"WARNING: \[.*\] " + Src + @" at " + Func, CrashClass.Warning, "WARNING in {func}", Warning),
            P(@"WARNING: at " + Src, CrashClass.Warning, "WARNING in {func}", Warning),
            P(@"WARNING: CPU: \d+ PID: \d+ at ", CrashClass.Warning, "WARNING in {func}", Warning),

            // Hung tasks (kernel/hung_task.c check_hung_task).
            P(@"INFO: task (?<comm>.{1,64}?):(?<pid>\d+) blocked (?:in I/O wait )?for more than \d+ seconds", CrashClass.HungTask,
                "INFO: task hung in {func}", HungTask),
            P(@"INFO: task .{1,64} can't die for more than", CrashClass.HungTask, "INFO: task can't die in {func}", TraceOnly, ["schedule"]),
            P(@"unregister_netdevice: waiting for \S+ to become free", CrashClass.HungTask,
                "unregister_netdevice: waiting for DEV to become free", TraceOnly, family: "netdev"),

            // Machine checks and other hardware reports (arch/x86/kernel/cpu/mce, drivers/edac, arch/x86/kernel/nmi.c).
            P(@"Kernel panic - not syncing: (Fatal [Mm]achine check|Uncorrected machine check|Machine check|MCE|Fatal hardware error|Uncorrected hardware memory error|NMI: Not continuing|NMI IOCK error|Fatal local machine check|Timeout: Not all CPUs entered broadcast exception handler)",
                CrashClass.Hardware, "kernel panic: {1}", TraceOnly, cont: true),
            P(@"(?:mce: )?\[Hardware Error\]: (?:Machine check|CPU \d+: Machine Check|Run the above through|PROCESSOR|TSC|PHYSICAL|MCG|Machine Check)",
                CrashClass.Hardware, "hardware error: machine check", TraceOnly, family: "mce"),
            P(@"\{\d+\}\[Hardware Error\]: ", CrashClass.Hardware, "hardware error: firmware-reported (GHES)", TraceOnly, family: "mce"),
            P(@"EDAC \S+: \d+ (?:UE|CE) ", CrashClass.Hardware, "hardware error: EDAC memory error", TraceOnly, family: "mce"),
            P(@"NMI received for unknown reason", CrashClass.Hardware, "hardware error: NMI received for unknown reason", TraceOnly, family: "mce"),
            P(@"NMI: (?:PCI system error \(SERR\)|IOCK error)", CrashClass.Hardware, "hardware error: NMI error", TraceOnly, family: "mce"),

            // Panics (kernel/panic.c) - after an oops they only add the panic reason.
            P(@"Kernel panic - not syncing: (sysrq triggered crash)", CrashClass.Sysrq, "kernel panic: {1}", TraceOnly, cont: true),
            P(@"Kernel panic - not syncing: (?:Out of memory|System is deadlocked on memory)", CrashClass.Oom, "out of memory in {func}", TraceOnly,
                ["oom", "out_of_memory", "dump_header", "alloc_folio", "^__handle_mm_fault$"], cont: true),
            P(@"Kernel panic - not syncing: hung_task: blocked tasks", CrashClass.HungTask, "INFO: task hung in {func}", TraceOnly,
                ["watchdog", "hung_task", "kthread"], cont: true),
            P(@"Kernel panic - not syncing: softlockup: hung tasks", CrashClass.SoftLockup, "BUG: soft lockup in {func}", TraceOnly,
                ["watchdog", "hrtimer", "apic_timer", "irq"], cont: true),
            P(@"Kernel panic - not syncing: (?:Watchdog detected )?[Hh]ard LOCKUP", CrashClass.HardLockup, "BUG: hard lockup in {func}", TraceOnly,
                ["watchdog", "nmi", "perf_", "x86_pmu", "intel_pmu"], cont: true),
            P(@"Kernel panic - not syncing: RCU Stall", CrashClass.RcuStall, "INFO: rcu detected stall in {func}", TraceOnly, stallSkip, cont: true),
            P(@"Kernel panic - not syncing: panic_on_warn set", CrashClass.Warning, "kernel panic: panic_on_warn set", TraceOnly, cont: true),
            P(@"Kernel panic - not syncing: (Attempted to kill init!|Attempted to kill the idle task!|VFS: Unable to mount root fs|No working init found|Requested init \S+ failed|Couldn't open N_TTY ldisc)",
                CrashClass.Panic, "kernel panic: {1}", TraceOnly, cont: true),
            P(@"Kernel panic - not syncing: (.+?)\s*$", CrashClass.Panic, "kernel panic: {1}", TraceOnly, cont: true),

            // Generic headers: count only with a stack trace behind them.
            P(@"^(?:\S+: )?BUG: (.+)", CrashClass.Bug, "BUG: {1}", TraceOnly, needsTrace: true),
            P(@"^(?:\S+: )?WARNING: ", CrashClass.Warning, "WARNING in {func}", Warning, needsTrace: true),
            P(@"^Oops(?:: | - |\[)", CrashClass.Bug, "kernel oops in {func}", RipThenTrace, cont: true, needsTrace: true),
        ];
    }

}
