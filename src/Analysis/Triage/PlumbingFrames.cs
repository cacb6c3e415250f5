using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Functions that appear in almost every report of a kind and say nothing about the bug: the code that
/// prints the report, the sanitizer runtimes, allocators, lock primitives, atomics, string helpers,
/// generic list/tree helpers and device-model plumbing. The guilty frame is the first frame that is
/// none of these. The categories follow the kernel's own layout (lib/, mm/kasan, kernel/locking,
/// kernel/printk) and the skip conventions of public crash dashboards (syzkaller pkg/report).
/// </summary>
internal static class PlumbingFrames
{
    private static readonly string[] _patterns =
    [
        // Sanitizer runtimes and their checks.
        "__sanitizer", "__asan", "kasan", "hwasan", "__msan", "kmsan", "kcsan_setup_watchpoint",
        "check_memory_region", "check_heap_object", "check_object", "read_word_at_a_time",
        "(read|write)_once_.*nocheck", "print_address_description",
        // Report printing, traps and warnings.
        "panic", "invalid_op", "report_bug", "fixup_bug", "print_report", "print_usage_bug", "do_error",
        "_trap$|do_trap", "show_stack", "dump_stack", "walk_stack", "dump_backtrace", "unwind_backtrace", "warn_slowpath",
        "warn_alloc", "warn_bogus", "__warn", "print_tainted", "^get_taint$", "__fortify_report",
        "printk", "va_format", "dev_(info|notice|warn|err|alert|crit|emerg)", "hex_dump_to_buffer",
        "print_hex_dump", "program_check_(exception|common)",
        // Allocators.
        "alloc_page", "k?v?(?:m|z|c)alloc", "krealloc", "kmem_cache", "allocate_slab", "slab_",
        "__alloc_frozen_pages", "folio_(?:alloc|unlock)", "filemap_alloc_folio", "__filemap_get_folio",
        "find_or_create_page", "do_read_cache_folio", "read_cache_page", "pagecache_get_page",
        "grab_cache_page_write_begin", "memdup", "^kv?free$", "kfree_skb", "get_free_pages",
        // Debug objects and timers' static-object checks.
        "debug_object", "timer_is_static_object", "work_is_static_object",
        // Locking primitives and lockdep.
        "print_unlock", "imbalance_bug", "lockdep", "bh_enable", "bh_disable", "perf_trace",
        "lock_acquire", "lock_release", "lock_class", "mark_lock", "(reacquire|mark)_held_locks",
        "raw_spin_rq", "spin_lock", "spin_trylock", "spin_unlock", "read_lock", "read_trylock",
        "write_lock", "write_trylock", "read_unlock", "write_unlock", "^down$", "down_read", "down_write",
        "down_trylock", "up_read", "up_write", "^mutex_", "^__mutex_", "^rt_mutex_", "owner_on_cpu",
        "osq_lock", "osq_unlock", "(trace|lockdep)_(hard|soft)irq", "^(un)?lock_page",
        // Atomics, bit operations, reference counts.
        "atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)",
        "(set|clear|change|test)_bit", "^refcount_", "^kref_", "ref_tracker", "seqprop_assert",
        // String and memory helpers, user copies.
        "memcpy", "memcmp", "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy", "strlcpy",
        "strncpy", "strscpy", "strlen", "strstr", "strnstr", "strnlen", "strchr", "strdup", "strndup",
        "string", "pointer", "snprintf", "scnprintf", "kasprintf", "kvasprintf", "copy_to_user",
        "copy_from_user", "copy_to_iter", "copy_from_iter", "copy_page_to_iter", "copy_page_from_iter",
        "copy_folio_to_iter", "^copyin$", "^copyout$", "put_user", "get_user", "might_fault",
        "might_sleep", "__might_resched", "extract_(user|iter)_to_sg",
        // Generic containers.
        "list_add", "list_del", "list_replace", "list_move", "list_splice", "^rb_", "^__rb_", "^klist_",
        "xas_(?:start|load|find)", "rhashtable_lookup", "ida_free",
        // Retpolines, I/O accessors, checksums.
        "_indirect_thunk_", "readb$", "readw$", "readl$", "readq$", "writeb$", "writew$", "writel$",
        "writeq$", "logic_in", "logic_out", "^crc\\d+", "crc_itu_t", "assertfail",
        // Work queues, timers, completions, wakeups.
        "__wake_up", "del_timer", "flush_work", "__cancel_work_timer", "cancel_work_sync",
        "try_to_grab_pending", "flush_workqueue", "drain_workqueue", "destroy_workqueue", "queue_work",
        "insert_work", "__queue_delayed_work", "queue_delayed_work_on", "finish_wait", "kthread_stop",
        "^complete$", "wait_for_completion", "wait_for_common", "lock_timer_base", "__timer_delete_sync",
        "sk_stop_timer_sync", "__mod_timer", "cleanup_srcu_struct",
        // Device model and teardown helpers.
        "kobject_", "add_uevent_var", "get_device_parent", "device_add", "device_del",
        "device_unregister", "device_destroy", "device_release", "devres_release_all",
        "hwrng_unregister", "i2c_del_adapter", "__unregister_client", "device_for_each_child",
        "rollback_registered", "unregister_netdev", "sysfs_remove", "device_remove_file",
        "tty_unregister_device", "^put_device$", "dummy_urb_enqueue", "usb_kill_urb",
        "usb_kill_anchored_urbs", "usb_control_msg", "usb_hcd_submit_urb", "usb_submit_urb",
        // VFS and page-cache generics.
        "^iput$", "^iput_final$", "^ihold$", "find_lock_entries", "truncate_inode_pages_range",
        "drop_nlink", "fast_dput", "dput", "mark_buffer_dirty",
        // Stack walking.
        "stack_trace_consume_entry", "arch_stack_walk", "stack_trace_save",
        // arm64 fault entry.
        "do_(kernel|translation)_fault", "do_mem_abort", "el1_abort", "el1h_64_sync(?:_handler)?",
        "__phys_addr",
    ];

    private static readonly Regex _common = new(string.Join("|", _patterns), RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, Regex> _cache = new(StringComparer.Ordinal);
    private static readonly Lock _cacheLock = new();

    /// <summary>True when <paramref name="function"/> (clone suffix stripped) is generic plumbing.</summary>
    public static bool IsPlumbing(string function, IReadOnlyList<string>? extra = null)
    {
        string name = FrameNames.StripSuffix(function);
        if (_common.IsMatch(name))
            return true;
        return extra is { Count: > 0 } && Extra(extra).IsMatch(name);
    }

    private static Regex Extra(IReadOnlyList<string> extra)
    {
        string key = string.Join("|", extra);
        lock (_cacheLock)
        {
            if (!_cache.TryGetValue(key, out var re))
            {
                re = new Regex(key, RegexOptions.CultureInvariant);
                _cache[key] = re;
            }
            return re;
        }
    }
}
