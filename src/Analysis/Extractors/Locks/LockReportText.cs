using System.Text;

namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>
/// The text of `crashdesk locks` (and the locks section of `analyze`): each contended lock with its
/// owner and waiters, then the held locks per task in the kernel's own `N locks held by comm/pid:`
/// form (kernel/locking/lockdep.c `lockdep_print_held_locks`), then the deadlocks found.
/// </summary>
public static class LockReportText
{
    /// <summary>One line per contended lock, lockdep's held locks per task, then every deadlock cycle.</summary>
    public static string Format(LockReport r)
    {
        var sb = new StringBuilder();
        foreach (var l in r.Locks)
        {
            string owner = l.OwnerPid is { } p ? $"owner PID {p}" : "no owner";
            sb.Append($"{l.Kind,-12} {l.Address:x16}  {l.Name}  {owner}");
            if (l.WaiterPids.Count > 0)
                sb.Append("  waiters: ").Append(string.Join(", ", l.WaiterPids));
            sb.Append('\n');
        }
        foreach (var t in r.HeldLocks)
        {
            sb.Append($"{t.Locks.Count} lock{(t.Locks.Count == 1 ? "" : "s")} held by {t.Comm}/{t.Pid}:\n");
            foreach (var l in t.Locks)
                sb.Append($" #{l.Index}: {l.LockdepMap:x16} ({l.ClassName}), at: {l.AcquireSite ?? $"{l.AcquireIp:x16}"}\n");
        }
        foreach (var d in r.Deadlocks)
            sb.Append("DEADLOCK: ").Append(string.Join(" -> ", d.Pids.Zip(d.Locks, (p, l) => $"PID {p} waits for {l}"))).Append('\n');
        if (r.Locks.Count == 0 && r.HeldLocks.Count == 0)
            sb.Append("no contended or held locks found\n");
        return sb.ToString();
    }
}
