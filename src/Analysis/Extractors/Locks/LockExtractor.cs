using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>
/// Lock state: for each task in D state the lock it waits on (through its waiter record) and that
/// lock's owner (the `owner` field: kernel/locking/mutex.c MUTEX_FLAGS = 0x07, kernel/locking/rwsem.c
/// RWSEM_OWNER_FLAGS_MASK = 0x07 and RWSEM_WRITER_LOCKED = bit 0 of count); on lockdep kernels every
/// task's held_locks[]; the wait-for graph and its cycles. The owner is always the lock's own field:
/// lockdep lists a lock as soon as a task *starts* acquiring it (kernel/locking/mutex.c
/// __mutex_lock_common() calls mutex_acquire() before it waits), so a blocked waiter "holds" it too.
/// </summary>
public static class LockExtractor
{
    private const ulong OwnerFlags = 0x07;

    /// <summary>Extracts the lock state; needs kernel types (debug kernel, profile or BTF).</summary>
    public static LockReport Extract(KernelContext context, TaskList tasks, CancellationToken cancellationToken = default)
    {
        var warnings = new List<string>();
        var byAddress = tasks.Tasks.Where(t => !t.IsIdle).GroupBy(t => t.Address).ToDictionary(g => g.Key, g => g.First());
        var scanner = new WaiterScanner(context, byAddress.Keys);
        var backtraces = new BacktraceExtractor(context, cancellationToken: cancellationToken);
        var contended = new Dictionary<ulong, ContendedLock>();
        foreach (var task in tasks.Tasks.Where(t => t.State == "UN"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var frames = backtraces.ForTask(task.Address).Frames.Select(f => f.Function);
                if (WaiterScanner.KindFromFrames(frames) is not { } kind)
                    continue;
                if (scanner.Find(task.Address, kind) is { } found)
                    contended.TryAdd(found.WaitList, found);
                else
                    warnings.Add($"pid {task.Pid} ({Diagnostics.DumpText.Escape(task.Comm)}) sleeps in a {kind} but no waiter record was found on its stack");
            }
            catch (Exception e) when (e is MemoryNotPresentException or NotSupportedException or DumpFormatException)
            {
                warnings.Add($"pid {task.Pid} ({Diagnostics.DumpText.Escape(task.Comm)}): {e.Message}");
            }
        }

        var lockdep = LockdepReader.TryCreate(context);
        var held = new List<TaskHeldLocks>();
        if (lockdep is not null)
        {
            foreach (var task in tasks.Tasks.Where(t => !t.IsIdle))
            {
                var locks = lockdep.Read(task);
                if (locks.Count > 0)
                    held.Add(new TaskHeldLocks(task.Pid, task.Comm, task.Address, locks));
            }
        }

        var named = new LockNamer(context, byAddress);
        var result = new List<KernelLock>();
        foreach (var c in contended.Values)
            result.Add(named.Contended(c, held));
        foreach (var (instance, holders) in held.SelectMany(h => h.Locks.Select(l => (l.LockdepMap, h.Pid))).GroupBy(x => x.LockdepMap).Select(g => (g.Key, g.Select(x => x.Pid).Distinct().ToList())))
        {
            if (result.Any(l => named.DepMapOf(l) == instance))
                continue;
            result.Add(named.HeldOnly(instance, held, holders));
        }

        var edges = new List<WaitEdge>();
        foreach (var l in result.Where(l => l.OwnerPid is not null))
            foreach (int w in l.WaiterPids)
                edges.Add(new WaitEdge(w, l.OwnerPid!.Value, l.Name, l.Address));
        return new LockReport(result, held, edges, WaitForGraph.FindCycles(edges), warnings);
    }

    /// <summary>Owner task of a lock from its owner field (flags in the low 3 bits), or 0.</summary>
    internal static ulong OwnerTask(IMemoryReader memory, ulong ownerField) =>
        memory.TryReadU64(ownerField, out ulong raw) ? raw & ~OwnerFlags : 0;
}
