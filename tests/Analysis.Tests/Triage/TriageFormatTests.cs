using Crashdesk.Analysis.Triage;

namespace Crashdesk.Analysis.Tests.Triage;

/// <summary>
/// One report per kind, its header built from the kernel's printk format (source named per case),
/// followed by a minimal x86 register line and call trace: tests of the classifier's pure logic.
/// </summary>
public sealed class TriageFormatTests
{
    private static string Oops(string header, string rip = "victim_func", string[]? trace = null, string? after = null) =>
        string.Join('\n', new[] { header, after ?? "", "CPU: 0 PID: 42 Comm: worker Not tainted 6.1.0 #1", $"RIP: 0010:{rip}+0x10/0x20", "Call Trace:", " <TASK>" }
            .Concat((trace ?? ["caller_func"]).Select(f => $" {f}+0x1/0x2"))
            .Concat([" </TASK>"]));

    public static TheoryData<string, string, string?> Cases() => new()
    {
        // arch/x86/mm/fault.c show_fault_oops
        { Oops("BUG: unable to handle page fault for address: ffffc90000a3b000"), CrashClass.PagingFault, "victim_func" },
        { Oops("BUG: unable to handle kernel paging request at ffffc90000a3b000"), CrashClass.PagingFault, "victim_func" },
        { Oops("BUG: unable to handle kernel NULL pointer dereference at 0000000000000008"), CrashClass.NullDeref, "victim_func" },
        // arm64 arch/arm64/mm/fault.c die_kernel_fault
        { "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008\npc : victim_func+0x10/0x20\nlr : caller_func+0x1/0x2\nCall trace:\n victim_func+0x10/0x20\n caller_func+0x1/0x2", CrashClass.NullDeref, "victim_func" },
        // arch/x86/kernel/traps.c do_error_trap / die
        { Oops("divide error: 0000 [#1] PREEMPT SMP"), CrashClass.CpuException, "victim_func" },
        { Oops("Oops: invalid opcode: 0000 [#1] PREEMPT SMP"), CrashClass.CpuException, "victim_func" },
        { Oops("stack segment: 0000 [#1] SMP"), CrashClass.CpuException, "victim_func" },
        { Oops("int3: 0000 [#1] SMP"), CrashClass.CpuException, "victim_func" },
        { Oops("PANIC: double fault, error_code: 0x0"), CrashClass.CpuException, "victim_func" },
        // kernel/panic.c __stack_chk_fail, arch/x86/kernel/traps.c handle_stack_overflow
        { Oops("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: victim_func+0x10/0x20"), CrashClass.StackCorruption, "victim_func" },
        { Oops("BUG: TASK stack guard page was hit at ffffc90000a3bff8 (stack is ffffc90000a3c000..ffffc90000a40000)"), CrashClass.StackCorruption, "victim_func" },
        // lib/list_debug.c + lib/bug.c, mm/page_alloc.c bad_page, mm/usercopy.c, lib/refcount.c
        { Oops("kernel BUG at lib/list_debug.c:62!", "__list_del_entry_valid", ["victim_caller"]), CrashClass.MemoryCorruption, "victim_caller" },
        { Oops("BUG: Bad page state in process worker  pfn:12345", "dump_stack", ["bad_page", "free_pcp_prepare", "victim_caller"]), CrashClass.MemoryCorruption, "victim_caller" },
        { Oops("kernel BUG at mm/usercopy.c:101!", "usercopy_abort", ["__check_heap_object", "victim_caller"]), CrashClass.MemoryCorruption, "victim_caller" },
        { Oops("WARNING: CPU: 0 PID: 42 at lib/refcount.c:28 refcount_warn_saturate+0x10/0x20", "refcount_warn_saturate", ["victim_caller"]), CrashClass.MemoryCorruption, "victim_caller" },
        // kernel/watchdog_hld.c watchdog_overflow_callback
        { Oops("NMI watchdog: Watchdog detected hard LOCKUP on cpu 3"), CrashClass.HardLockup, "victim_func" },
        // mm/kfence/report.c, mm/kmsan/report.c, kernel/kcsan/report.c, lib/ubsan.c, mm/kmemleak.c
        { "BUG: KFENCE: use-after-free read in victim_func+0x10/0x20\n\nUse-after-free read at 0x000000004a6f8e4e (in kfence-#79):\n victim_func+0x10/0x20\n caller_func+0x1/0x2", CrashClass.Kfence, "victim_func" },
        { "BUG: KMSAN: uninit-value in victim_func+0x10/0x20\n victim_func+0x10/0x20\n caller_func+0x1/0x2\n\nUninit was created at:\n __alloc_pages+0x1/0x2", CrashClass.Kmsan, "victim_func" },
        { "BUG: KCSAN: data-race in victim_func / other_func\n\nwrite to 0xffff8880 of 8 bytes by task 42 on cpu 0:\n victim_func+0x10/0x20", CrashClass.Kcsan, "victim_func" },
        { "UBSAN: shift-out-of-bounds in net/core/dev.c:123:45\nshift exponent 64 is too large for 64-bit type 'long'\nCPU: 0 PID: 42 Comm: worker Not tainted 6.1.0 #1\nCall Trace:\n dump_stack_lvl+0x1/0x2\n ubsan_epilogue+0x1/0x2\n __ubsan_handle_shift_out_of_bounds+0x1/0x2\n victim_func+0x10/0x20", CrashClass.Ubsan, "victim_func" },
        { "unreferenced object 0xffff888100aa2200 (size 64):\n  comm \"worker\", pid 42, jiffies 4294893210\n  backtrace (crc 7b2b1d54):\n    [<ffffffff81234567>] kmalloc_trace+0x1/0x2\n    [<ffffffff81234568>] victim_func+0x10/0x20", CrashClass.Memleak, "victim_func" },
        // kernel/panic.c panic() without an oops before it
        { "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\nCPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1\nCall Trace:\n dump_stack_lvl+0x1/0x2\n panic+0x1/0x2\n mount_block_root+0x1/0x2", CrashClass.Panic, "mount_block_root" },
        { "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009", CrashClass.Panic, null },
        // kernel/sched/core.c __schedule_bug
        { Oops("BUG: scheduling while atomic: worker/42/0x00000002", "dump_stack", ["__schedule_bug", "__schedule", "schedule", "victim_caller"]), CrashClass.AtomicContext, "victim_caller" },
        // kernel/locking/lockdep.c print_usage_bug
        { Oops("WARNING: inconsistent lock state", "dump_stack", ["mark_lock", "victim_caller"]), CrashClass.Lockdep, "victim_caller" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Header_gives_class_and_guilty_frame(string log, string expectedClass, string? guilty)
    {
        var report = Assert.Single(LogTriage.Analyze(log).Reports);

        Assert.Equal(expectedClass, report.Class);
        if (guilty is not null)
            Assert.Equal(guilty, report.GuiltyFrame);
    }

    [Theory]
    [InlineData("RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks, data leaks possible!")]
    [InlineData("ODEBUG: object 000000003d5b4d8b is on stack 00000000aaaa, but NOT annotated.")]
    [InlineData("traps: a.out[1234] general protection fault ip:401136 sp:7ffd8f7e2a10 error:0 in a.out[401000+1000]")]
    [InlineData("a.out[1234]: segfault at 0 ip 0000000000401136 sp 00007ffd8f7e2a10 error 6 in a.out[401000+1000]")]
    [InlineData("EXT4-fs warning (device sda1): ext4_end_bio:343: I/O error 10 writing to inode 12")]
    [InlineData("WARNING: CPU_SRSO not compiled")]
    public void Look_alike_lines_are_not_crashes(string line)
    {
        Assert.Empty(LogTriage.Analyze(line + "\n" + line).Reports);
    }

    [Fact]
    public void Syslog_and_timestamp_prefixes_are_stripped_and_clone_suffixes_dropped()
    {
        string log = string.Join('\n',
            "Nov 22 00:11:47 host kernel: [  100.000001] BUG: kernel NULL pointer dereference, address: 0000000000000010",
            "Nov 22 00:11:47 host kernel: [  100.000002] RIP: 0010:victim_func.isra.0+0x10/0x20 [mymod]",
            "Nov 22 00:11:47 host kernel: [  100.000003] Call Trace:",
            "Nov 22 00:11:47 host kernel: [  100.000004]  caller_func.constprop.0+0x1/0x2 [mymod]");
        var report = Assert.Single(LogTriage.Analyze(log).Reports);

        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in victim_func", report.Title);
        Assert.Equal("victim_func.isra.0", report.Frames[0].Function);
        Assert.Equal("mymod", report.Frames[0].Module);
        Assert.Equal(["victim_func", "caller_func"], report.SignatureFrames);
    }

    [Fact]
    public void Several_crashes_primary_first()
    {
        string log = Oops("WARNING: CPU: 0 PID: 42 at fs/inode.c:123 first_func+0x10/0x20", "first_func") + "\n"
            + Oops("general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] SMP KASAN", "second_func");
        var reports = LogTriage.Analyze(log).Reports;

        Assert.Equal(2, reports.Count);
        Assert.Equal("WARNING in first_func", reports[0].Title);
        Assert.Equal("general protection fault in second_func", reports[1].Title);
    }

    [Fact]
    public void A_panic_long_after_an_old_warning_is_a_crash_of_its_own()
    {
        string log = string.Join('\n',
            "[   10.000000] WARNING: CPU: 0 PID: 1 at fs/inode.c:123 first_func+0x10/0x20",
            "[   10.000001] RIP: 0010:first_func+0x10/0x20",
            "[   10.000002] Call Trace:",
            "[   10.000003]  caller_func+0x1/0x2",
            "[   10.000004] ---[ end trace 0000000000000000 ]---",
            "[ 3600.000000] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b");
        var reports = LogTriage.Analyze(log).Reports;

        Assert.Equal(2, reports.Count);
        Assert.Null(reports[0].PanicReason);
        Assert.Equal("kernel panic: Attempted to kill init!", reports[1].Title);
    }

    [Fact]
    public void Caller_ids_keep_interleaved_tasks_apart()
    {
        string log = string.Join('\n',
            "syzkaller login: [   52.000001][ T1234] BUG: kernel NULL pointer dereference, address: 0000000000000008",
            "[   52.000002][ T1234] CPU: 1 PID: 1234 Comm: victim Not tainted 6.1.0 #1",
            "[   52.000003][ T5678] CPU: 0 PID: 5678 Comm: bystander Not tainted 6.1.0 #1",
            "[   52.000004][ T5678] RIP: 0010:other_func+0x10/0x20",
            "[   52.000005][ T1234] RIP: 0010:victim_func+0x10/0x20",
            "[   52.000006][ T1234] Call Trace:",
            "[   52.000007][ T5678]  other_caller+0x1/0x2",
            "[   52.000008][ T1234]  victim_caller+0x1/0x2");
        var report = Assert.Single(LogTriage.Analyze(log).Reports);

        Assert.Equal("victim", report.Comm);
        Assert.Equal("victim_func", report.GuiltyFrame);
        Assert.Equal(["victim_func", "victim_caller"], report.Frames.Select(f => f.Function));
    }
}
