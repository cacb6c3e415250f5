using Crashdesk.Analysis.Triage;

namespace Crashdesk.Analysis.Tests.Triage;

/// <summary>Triage of kernel output quoted in public bug trackers (Data/SOURCES.md) and of the seeds.</summary>
public sealed class TriageExcerptTests
{
    private static CrashReport Primary(string file)
    {
        var result = LogTriage.Analyze(TriageData.Excerpt(file));
        Assert.NotEmpty(result.Reports);
        return result.Reports[0];
    }

    [Fact]
    public void Circular_dependency_names_the_acquire_site_and_the_chain()
    {
        var r = Primary("lockdep-bcachefs-112.txt");

        Assert.Equal(CrashClass.Lockdep, r.Class);
        Assert.Equal("possible deadlock in bch2_alloc_sectors_start", r.Title);
        Assert.Equal("kswapd0/109", r.Lockdep!.Task);
        Assert.Equal("&wp->lock", r.Lockdep.Acquiring!.Name);
        Assert.Equal("fs_reclaim", r.Lockdep.Holding!.Name);
        Assert.Equal("__fs_reclaim_acquire+0x5/0x30", r.Lockdep.Holding.AcquireSite);
        var link = Assert.Single(r.Lockdep.Chain);
        Assert.Equal(1, link.Index);
        Assert.Equal("fs_reclaim", link.Lock);
        Assert.Equal("fs_reclaim_acquire.part.0", link.Frames[0].Function);
        Assert.Equal("bcachefs", link.Frames[^1].Module);
    }

    [Fact]
    public void Old_lockdep_header_in_rsyslog_format()
    {
        var r = Primary("lockdep-teuthology-829-syslog.txt");

        Assert.Equal(CrashClass.Lockdep, r.Class);
        Assert.Equal("possible deadlock in xfs_file_buffered_aio_write", r.Title);
        Assert.Equal("&sb->s_type->i_mutex_key#19", r.Lockdep!.Acquiring!.Name);
        Assert.Null(r.Lockdep.Acquiring.Address);
        Assert.Equal("tp_fstore_op/28134", r.Lockdep.Task);
    }

    [Fact]
    public void Journal_prefix_without_host_is_stripped()
    {
        var r = Primary("lockdep-coreos-1049-journal.txt");

        Assert.Equal(CrashClass.Lockdep, r.Class);
        Assert.Equal("systemd/1", r.Lockdep!.Task);
        Assert.Equal("&sighand->siglock", r.Lockdep.Acquiring!.Name);
        Assert.Equal("2:2", r.Lockdep.Acquiring.WaitTypes);
        Assert.Equal("css_set_lock", r.Lockdep.Holding!.Name);
    }

    [Fact]
    public void Gpf_with_uid_in_the_cpu_line()
    {
        var r = Primary("gpf-zfs-16895.txt");

        Assert.Equal(CrashClass.Gpf, r.Class);
        Assert.Equal(6, r.Cpu);
        Assert.Equal(687, r.Pid);
        Assert.Equal("dbu_evict", r.Comm);
        Assert.Equal("6.12.4-100.fc40.x86_64", r.KernelRelease);
        Assert.Contains("proprietary module loaded", r.Taint!.Flags);
        Assert.Contains("kernel issued a warning", r.Taint.Flags);
        Assert.StartsWith("Micro-Star", r.HardwareName);
        // Truncated before the call trace: the (plumbing) RIP function is all there is.
        Assert.Equal("__list_del_entry_valid_or_report", r.GuiltyFrame);
    }

    [Fact]
    public void Old_rip_format_in_syslog()
    {
        var r = Primary("gpf-fail2ban-1480-syslog.txt");

        Assert.Equal(CrashClass.Gpf, r.Class);
        Assert.Equal("general protection fault in __rwsem_do_wake", r.Title);
        Assert.Equal("fail2ban-server", r.Comm);
        Assert.Equal("3.16.7-35-default", r.KernelRelease);
        Assert.Empty(r.Taint!.Flags);
    }

    [Theory]
    [InlineData("kasan-kernel-sanitizers-219.txt", "KASAN: use-after-free Read in ntfs_lookup_inode_by_name")]
    [InlineData("kasan-bcachefs-510.txt", "KASAN: slab-out-of-bounds Read in bch2_fs_usage_read")]
    [InlineData("kasan-mptcp-433-decoded.txt", "KASAN: slab-use-after-free Read in kernfs_test_super")]
    public void Kasan_titles(string file, string title)
    {
        var r = Primary(file);

        Assert.Equal(CrashClass.Kasan, r.Class);
        Assert.Equal(title, r.Title);
    }

    [Fact]
    public void Kasan_report_with_caller_ids_keeps_its_task_lines()
    {
        var r = Primary("kasan-mptcp-433-decoded.txt");

        Assert.Equal("ip", r.Comm);
        Assert.Equal(14140, r.Pid);
        Assert.Contains(r.Frames, f => f.Function == "print_report");
        Assert.Contains(r.Frames, f => f.Function == "kernfs_test_super" && !f.Reliable);
    }

    [Fact]
    public void Old_rcu_stall_names_the_interrupted_function()
    {
        var r = Primary("rcu-zfs-3031-syslog.txt");

        Assert.Equal(CrashClass.RcuStall, r.Class);
        Assert.Equal("INFO: rcu detected stall in cpumask_next_and", r.Title);
        Assert.Equal("nfsd", r.Comm);
    }

    [Fact]
    public void Rcu_stall_on_an_idle_cpu_is_still_a_stall()
    {
        var r = Primary("rcu-tetragon-328.txt");

        Assert.Equal(CrashClass.RcuStall, r.Class);
        Assert.Contains("panic_on_rcu_stall", string.Join(' ', r.CaptureAdvice));
    }

    [Fact]
    public void Sleeping_in_atomic_context_with_seven_locks()
    {
        var r = Primary("atomic-bcachefs-893.txt");

        Assert.Equal(CrashClass.AtomicContext, r.Class);
        var dd = Assert.Single(r.LocksHeld);
        Assert.Equal("dd", dd.Comm);
        Assert.Equal(7578, dd.Pid);
        Assert.Equal(7, dd.Locks.Count);
        Assert.Equal("&p->lock#2", dd.Locks[6].Name);
        Assert.Equal("rcu_pending_enqueue", dd.Locks[6].AcquireFunction);
        Assert.Equal("bch2_trans_commit_write_locked.isra.0+0x2f8/0x1830", dd.Locks[5].AcquireSite);
    }

    [Fact]
    public void Old_kernel_atomic_report_skips_might_sleep()
    {
        var r = Primary("atomic-zfs-73.txt");

        Assert.Equal(CrashClass.AtomicContext, r.Class);
        Assert.Equal("BUG: sleeping function called from invalid context in lzfs_vnop_write", r.Title);
        Assert.Equal("wrv.fs", r.Comm);
        Assert.Equal(1921, r.Pid);
        Assert.Contains("proprietary module loaded", r.Taint!.Flags);
        Assert.Equal("lzfs", r.Frames.Single(f => f.Function == "lzfs_vnop_write").Module);
    }

    [Fact]
    public void Kmsg_records_and_old_lock_lines()
    {
        var result = LogTriage.Analyze(TriageData.Excerpt("atomic-irati-437-kmsg.txt"));
        var r = Assert.Single(result.Reports);

        Assert.Equal(CrashClass.AtomicContext, r.Class);
        var task = Assert.Single(r.LocksHeld);
        Assert.Equal("rina-echo-time", task.Comm);
        var lk = Assert.Single(task.Locks);
        Assert.Equal(3, lk.Index);
        Assert.Equal("&(&instance->data->lock)->rlock", lk.Name);
        Assert.Equal("+.+...", lk.Usage);
        Assert.Null(lk.Address);
        Assert.Equal("normal_sdu_write", lk.AcquireFunction);
    }

    [Fact]
    public void Fatal_machine_check_is_one_hardware_report()
    {
        var r = Assert.Single(LogTriage.Analyze(TriageData.Excerpt("hardware-bazzite-5546.txt")).Reports);

        Assert.Equal(CrashClass.Hardware, r.Class);
        Assert.Equal("Fatal machine check", r.PanicReason);
        Assert.Contains(r.CaptureAdvice, a => a.Contains("hardware", StringComparison.Ordinal));
    }

    [Fact]
    public void Corrected_machine_checks_are_hardware()
    {
        var r = Assert.Single(LogTriage.Analyze(TriageData.Excerpt("hardware-homeassistant-2989-journal.txt")).Reports);

        Assert.Equal(CrashClass.Hardware, r.Class);
        Assert.Equal("hardware error: machine check", r.Title);
    }

    [Fact]
    public void Boot_lines_are_clean()
    {
        Assert.Empty(LogTriage.Analyze(TriageData.Excerpt("clean-wsl-13258-boot.txt")).Reports);
    }

    [Fact]
    public void Seed_001_hung_task_with_old_lock_format()
    {
        // Seed 001 quotes a RHEL 7 debug-kernel hung-task report whose frame addresses were lost (`[]`).
        var result = LogTriage.Analyze(TriageData.Seed("001"));
        var r = Assert.Single(result.Reports);

        Assert.Equal(CrashClass.HungTask, r.Class);
        Assert.Equal("dd", r.Comm);
        Assert.Equal(3560, r.Pid);
        Assert.Equal("INFO: task hung in xfs_file_buffered_aio_write", r.Title);
        var dd = Assert.Single(r.LocksHeld);
        Assert.Equal(["sb_writers#8", "&sb->s_type->i_mutex_key#12"], dd.Locks.Select(l => l.Name));
        Assert.Equal(".+.+.+", dd.Locks[0].Usage);
        Assert.Equal("vfs_write+0x1bb/0x1f0", dd.Locks[0].AcquireSite);
        Assert.Equal("xfs", r.Frames.First(f => f.Function == "xfs_file_aio_write").Module);
        Assert.Empty(result.SysrqDumps);
    }

    [Theory]
    [InlineData("000")]
    [InlineData("002")]
    [InlineData("003")]
    [InlineData("004")]
    public void Seeds_without_kernel_reports_are_clean(string seed)
    {
        Assert.Empty(LogTriage.Analyze(TriageData.Seed(seed)).Reports);
    }

    [Theory]
    [InlineData("nullderef-iotrace-37.txt", "octf_trace_push", "iotrace")]
    [InlineData("nullderef-feh-574-arm.txt", "seq_vprintf", null)]
    [InlineData("nullderef-mptcp-461.txt", "tcp_v4_send_reset", null)]
    public void Null_dereference_in_every_generation_of_the_header(string file, string guilty, string? module)
    {
        var r = Primary(file);

        Assert.Equal(CrashClass.NullDeref, r.Class);
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in " + guilty, r.Title);
        Assert.True(r.Frames[0].IsRip);
        Assert.Equal(module, r.Frames[0].Module);
    }

    [Fact]
    public void Arm_oops_decodes_die_and_staging_taint()
    {
        var r = Primary("nullderef-feh-574-arm.txt");

        Assert.Equal("htop", r.Comm);
        Assert.Equal("BCM2835", r.HardwareName);
        Assert.Contains("kernel died recently (OOPS or BUG)", r.Taint!.Flags);
        Assert.Contains("staging driver loaded", r.Taint.Flags);
    }

    [Fact]
    public void Hung_task_after_the_tail_of_another_report()
    {
        var result = LogTriage.Analyze(TriageData.Excerpt("hung-flatcar-847.txt"));
        var r = Assert.Single(result.Reports);

        Assert.Equal(CrashClass.HungTask, r.Class);
        Assert.Equal("k3s-server", r.Comm);
        Assert.Equal(12052, r.Pid);
        Assert.Equal("INFO: task hung in add_transaction_credits", r.Title);
        Assert.Equal("5.15.63-flatcar", r.KernelRelease);
    }

    [Theory]
    [InlineData("ubsan-bcachefs-194.txt", "UBSAN: shift-out-of-bounds in bch2_inode_create")]
    [InlineData("ubsan-tempesta-1246-old.txt", "UBSAN: undefined-behaviour in tfw_gfsm_move")]
    [InlineData("ubsan-kernelci-154-arm.txt", "UBSAN: shift-out-of-bounds in omap_get_gpio_irqbank_mask")]
    [InlineData("ubsan-rtl8188eus-15-journal.txt", "UBSAN: shift-out-of-bounds in phydm_process_rssi_for_dm")]
    public void Ubsan_titles(string file, string title)
    {
        var r = Primary(file);

        Assert.Equal(CrashClass.Ubsan, r.Class);
        Assert.Equal(title, r.Title);
    }

    [Fact]
    public void Arm_backtrace_keeps_the_last_caller()
    {
        var r = Primary("ubsan-kernelci-154-arm.txt");

        Assert.Equal(["unwind_backtrace", "show_stack", "dump_stack_lvl", "ubsan_epilogue", "__ubsan_handle_shift_out_of_bounds", "omap_get_gpio_irqbank_mask"],
            r.Frames.Select(f => f.Function));
        Assert.Equal("swapper/0", r.Comm);
    }

    [Fact]
    public void Every_kmemleak_object_is_a_report()
    {
        var reports = LogTriage.Analyze(TriageData.Excerpt("memleak-openwrt-10254.txt")).Reports;

        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal(CrashClass.Memleak, r.Class));
        Assert.All(reports, r => Assert.Equal("memory leak in load_module", r.Title));
        Assert.Equal(reports[0].Signature, reports[1].Signature);
    }

    [Fact]
    public void Sysrq_show_blocked_state_is_a_dump_not_a_crash()
    {
        var result = LogTriage.Analyze(TriageData.Excerpt("sysrq-w-qualcomm-70.txt"));

        Assert.Empty(result.Reports);
        var dump = Assert.Single(result.SysrqDumps);
        Assert.Equal("w", dump.Command);
        var task = Assert.Single(dump.Tasks);
        Assert.Equal("kworker/u17:0", task.Comm);
        Assert.Equal(72, task.Pid);
        Assert.Equal("D", task.State);
    }

    [Fact]
    public void Sysrq_show_state_lists_tasks_with_stacks()
    {
        var result = LogTriage.Analyze(TriageData.Excerpt("sysrq-t-rtl8196e-99.txt"));

        Assert.Empty(result.Reports);
        var dump = Assert.Single(result.SysrqDumps);
        Assert.Equal("t", dump.Command);
        var init = Assert.Single(dump.Tasks);
        Assert.Equal(("init", 1, "S"), (init.Comm, init.Pid!.Value, init.State!));
        Assert.Equal("__schedule", init.Frames.Single().Function);
    }
}
