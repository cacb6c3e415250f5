using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>Turns found locks into <see cref="KernelLock"/> records: address, name, owner, lockdep holders.</summary>
internal sealed class LockNamer(KernelContext context, IReadOnlyDictionary<ulong, KernelTask> tasks)
{
    private static readonly string[] _kinds = ["mutex", "rw_semaphore"];

    public KernelLock Contended(ContendedLock c, IReadOnlyList<TaskHeldLocks> held)
    {
        long waitList = context.Types.RequireOffset(c.Kind, "wait_list");
        ulong address = c.WaitList - (ulong)waitList;
        var (ownerPid, ownerTask) = Owner(c.Kind, address);
        var waiters = c.WaiterTasks.Select(t => tasks.TryGetValue(t, out var k) ? k.Pid : -1).ToList();
        ulong? depMap = DepMap(c.Kind, address);
        var holders = depMap is { } d ? held.Where(h => h.Locks.Any(l => l.LockdepMap == d)).Select(h => h.Pid).ToList() : [];
        return new KernelLock(Name(address, depMap, c.Kind), address, c.Kind, ownerPid, ownerTask, waiters, holders);
    }

    /// <summary>A lock known only from lockdep: identify mutex/rwsem by an owner field naming one of its holders.</summary>
    public KernelLock HeldOnly(ulong instance, IReadOnlyList<TaskHeldLocks> held, IReadOnlyList<int> holders)
    {
        string className = held.SelectMany(h => h.Locks).First(l => l.LockdepMap == instance).ClassName;
        foreach (string kind in _kinds)
        {
            if (context.Types.OffsetOf(kind, "dep_map") is not { } dm)
                continue;
            ulong address = instance - (ulong)dm;
            var (ownerPid, ownerTask) = Owner(kind, address);
            if (ownerPid is { } p && holders.Contains(p))
                return new KernelLock(Name(address, instance, kind, className), address, kind, ownerPid, ownerTask, [], holders);
        }
        return new KernelLock(className, instance, "lockdep", null, null, [], holders);
    }

    /// <summary>The lockdep_map address inside a lock record, when the kernel has lockdep.</summary>
    public ulong? DepMapOf(KernelLock l) => l.Kind is "lockdep" ? l.Address : DepMap(l.Kind, l.Address);

    private ulong? DepMap(string kind, ulong address) =>
        context.Types.OffsetOf(kind, "dep_map") is { } o ? address + (ulong)o : null;

    private (int? Pid, ulong? Task) Owner(string kind, ulong address)
    {
        var m = context.Target.KernelMemory;
        if (kind == "semaphore" || context.Types.OffsetOf(kind, "owner") is not { } ownerOffset)
            return (null, null);
        if (kind == "rw_semaphore")
        {
            // Only a writer is a definite owner; a reader-owned rwsem's owner field is a hint (rwsem.c).
            long countOffset = context.Types.OffsetOf(kind, "count") ?? 0;
            if (!m.TryReadU64(address + (ulong)countOffset, out ulong count) || (count & 1) == 0)
                return (null, null);
        }
        ulong owner = LockExtractor.OwnerTask(m, address + (ulong)ownerOffset);
        return owner != 0 && tasks.TryGetValue(owner, out var t) ? (t.Pid, owner) : (null, owner == 0 ? null : owner);
    }

    private string Name(ulong address, ulong? depMap, string kind, string? className = null)
    {
        if (context.Symbols.TryResolve(address, out var loc) && loc.Offset < Math.Max(loc.Symbol.Size, 1))
            return loc.Offset == 0 ? loc.Symbol.Name : $"{loc.Symbol.Name}+0x{loc.Offset:x}";
        var m = context.Target.KernelMemory;
        if (depMap is { } d && context.Types.OffsetOf("lockdep_map", "name") is { } n
            && m.TryReadU64(d + (ulong)n, out ulong p) && m.ReadCString(p, 128) is { Length: > 0 } lockdepName)
            return lockdepName;
        return className ?? $"{kind} {address:x16}";
    }
}
