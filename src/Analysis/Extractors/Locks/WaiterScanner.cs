using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>
/// Finds the lock a blocked task waits on. Every sleeping lock queues a waiter record on the
/// waiting task's own stack — `struct mutex_waiter` (kernel/locking/mutex.h), `struct rwsem_waiter`
/// (kernel/locking/rwsem.c), `struct semaphore_waiter` (kernel/locking/semaphore.c) — all beginning
/// with `struct list_head list; struct task_struct *task;`. So a stack slot holding the task's own
/// address, preceded by a list_head whose neighbours point back at it, is a waiter; walking that list
/// reaches the one node that is not a waiter: the lock's `wait_list` head.
/// </summary>
internal sealed class WaiterScanner
{
    // THREAD_SIZE on x86_64 without KASAN (arch/x86/include/asm/page_64_types.h): 16 KiB.
    private const ulong ThreadSize = 16 * 1024;
    private const int MaxWaiters = 4096;
    private readonly KernelContext _context;
    private readonly HashSet<ulong> _tasks;
    private readonly long _taskOffset;

    public WaiterScanner(KernelContext context, IEnumerable<ulong> allTasks)
    {
        _context = context;
        _tasks = [.. allTasks];
        _taskOffset = context.Types.OffsetOf("mutex_waiter", "task") ?? 16;
    }

    /// <summary>The lock <paramref name="task"/> is queued on, or null when no waiter record is found.</summary>
    public ContendedLock? Find(ulong task, string kind)
    {
        var facts = TaskStackFacts.Read(_context, task);
        ulong top = facts.StackBase + ThreadSize;
        ulong from = facts.SavedSp >= facts.StackBase && facts.SavedSp < top ? facts.SavedSp & ~7UL : facts.StackBase;
        var stack = new byte[top - from];
        var m = _context.Target.KernelMemory;
        if (!m.TryReadExactly(from, stack))
            return null;
        for (int i = (int)_taskOffset; i + 8 <= stack.Length; i += 8)
        {
            if (BitConverter.ToUInt64(stack, i) != task)
                continue;
            ulong waiter = from + (ulong)i - (ulong)_taskOffset;
            if (TryWalk(waiter, out var head, out var waiters))
                return new ContendedLock(head, kind, waiters);
        }
        return null;
    }

    private bool TryWalk(ulong waiter, out ulong head, out List<ulong> waiters)
    {
        var m = _context.Target.KernelMemory;
        head = 0;
        waiters = [];
        if (!m.TryReadU64(waiter, out ulong next) || !m.TryReadU64(waiter + 8, out ulong prev)
            || !m.TryReadU64(next + 8, out ulong nextPrev) || nextPrev != waiter
            || !m.TryReadU64(prev, out ulong prevNext) || prevNext != waiter)
            return false;
        // Walk forward from the head once found, so waiters come out in queue order.
        ulong node = waiter;
        for (int i = 0; i < MaxWaiters; i++)
        {
            if (!m.TryReadU64(node + (ulong)_taskOffset, out ulong owner) || !_tasks.Contains(owner))
            {
                head = node;
                break;
            }
            if (!m.TryReadU64(node, out node) || node == waiter)
                return false;
        }
        if (head == 0)
            return false;
        node = head;
        for (int i = 0; i < MaxWaiters; i++)
        {
            if (!m.TryReadU64(node, out node) || node == head)
                return true;
            if (!m.TryReadU64(node + (ulong)_taskOffset, out ulong t) || !_tasks.Contains(t))
                return false;
            waiters.Add(t);
        }
        return false;
    }

    /// <summary>Which lock a blocked task sleeps in, from its backtrace's function names.</summary>
    public static string? KindFromFrames(IEnumerable<string?> functions)
    {
        foreach (string? f in functions)
        {
            if (f is null)
                continue;
            if (f.Contains("rwsem_down", StringComparison.Ordinal) || f.StartsWith("down_read", StringComparison.Ordinal) || f.StartsWith("down_write", StringComparison.Ordinal))
                return "rw_semaphore";
            if (f.Contains("mutex_lock", StringComparison.Ordinal))
                return "mutex";
            if (f.StartsWith("__down", StringComparison.Ordinal) || f is "down" or "down_interruptible" or "down_killable" or "down_timeout")
                return "semaphore";
        }
        return null;
    }
}
