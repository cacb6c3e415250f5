using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Profiles;

/// <summary>Builds a <see cref="KernelProfile"/> from a debug kernel.</summary>
public static class KernelProfileBuilder
{
    /// <summary>
    /// The types the extractors use (tasks, memory, locks, log, modules, symbols, unwinding).
    /// A name the kernel lacks is skipped (e.g. `struct module` in a kernel without modules,
    /// lockdep types without CONFIG_LOCKDEP).
    /// </summary>
    public static IReadOnlyList<string> DefaultTypes { get; } =
    [
        "struct task_struct", "struct mm_struct", "struct mutex", "struct rw_semaphore", "struct semaphore",
        "struct list_head", "struct hlist_head", "struct hlist_node", "struct thread_struct", "struct pt_regs",
        "struct printk_info", "struct printk_ringbuffer", "struct prb_desc_ring", "struct prb_data_ring", "struct prb_desc",
        "struct printk_record", "struct module", "struct inactive_task_frame", "struct held_lock", "struct lockdep_map",
        "struct lock_class", "struct mutex_waiter", "struct rwsem_waiter", "struct signal_struct", "struct pid", "struct upid",
        "struct rq", "struct cfs_rq", "struct uts_namespace", "struct new_utsname", "struct kernel_symbol", "struct mod_kallsyms",
        "struct orc_entry", "struct nsproxy", "struct thread_info", "struct cpumask", "struct list_lru", "struct timekeeper",
        "struct tk_read_base", "struct sysinfo", "struct page", "struct vm_area_struct", "struct mm_rss_stat", "struct task_rss_stat",
        "struct file", "struct dentry", "struct qstr", "struct kobject", "struct module_layout", "struct module_memory",
        "struct Elf64_Sym", "struct elf64_sym", "struct fpu", "struct wait_queue_head", "struct raw_spinlock", "struct spinlock",
        "struct optimistic_spin_queue", "struct irq_stack", "struct pcpu_hot", "struct tss_struct",
        "atomic_t", "atomic_long_t", "atomic64_t", "raw_spinlock_t", "spinlock_t", "pid_t", "cpumask_t", "Elf64_Sym",
        "enum pid_type", "enum module_state", "union thread_union",
    ];

    /// <summary>Builds a profile with <see cref="DefaultTypes"/> (or <paramref name="typeNames"/>); <paramref name="timings"/> receives the phases.</summary>
    public static KernelProfile Build(DebugKernel kernel, IEnumerable<string>? typeNames = null, PhaseTimings? timings = null)
    {
        timings ??= new PhaseTimings();
        // .symtab and the DWARF scan are independent: read the symbols (and the banner they locate)
        // on another core while the scan runs (it shares the rest of the cores among units).
        var symbolsTask = Task.Run(() =>
        {
            var table = timings.Measure("symbols (.symtab)", () => kernel.Symbols);
            return (table, timings.Measure("identity", () => kernel.Identity));
        });
        Dictionary<string, KernelType>? types = null;
        try
        {
            types = timings.Measure("types (DWARF)", () =>
            {
                // A targeted scan for these names, not the index of every name (DwarfTypeScanner).
                var found = kernel.Dwarf.FindTypes(typeNames ?? DefaultTypes);
                // Touch the member lists now, so a corrupt type fails the build rather than a later load.
                foreach (var t in found.Values)
                    _ = t.Resolved.Members.Count;
                return found;
            });
        }
        finally
        {
            // On failure the caller may unmap the vmlinux next: never leave the symbol reader running.
            if (types is null)
                ((IAsyncResult)symbolsTask).AsyncWaitHandle.WaitOne();
        }
        var (symbols, identity) = symbolsTask.GetAwaiter().GetResult();
        var orc = timings.Measure("ORC", () => kernel.Orc is { } o
            ? o with { UnwindIp = o.UnwindIp.ToArray(), Unwind = o.Unwind.ToArray(), Lookup = o.Lookup.ToArray() }
            : null);
        return new KernelProfile(identity, symbols, types, orc);
    }
}
