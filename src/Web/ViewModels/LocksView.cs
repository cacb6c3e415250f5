using Crashdesk.Analysis.Extractors.Locks;

namespace Crashdesk.Web.ViewModels;

/// <summary>
/// What the Locks panel and its wait-for picture show of the report's lock state: the locks with an owner or
/// waiters, lockdep's held locks per task, the deadlock cycles, the extractor's warnings, and the commands of
/// the tasks they name (so a PID reads "comm/pid" everywhere on the panel).
/// </summary>
/// <param name="Locks">The held or contended locks, in the report's order.</param>
/// <param name="HeldLocks">lockdep's held locks, one entry per task.</param>
/// <param name="Deadlocks">The cycles of the wait-for graph.</param>
/// <param name="Warnings">What the lock extractor could not read.</param>
/// <param name="Comms">PID → command of the report's tasks (processes and threads; idle tasks share PID 0).</param>
public sealed record LocksView(
    IReadOnlyList<LockRow> Locks, IReadOnlyList<LockdepTask> HeldLocks, IReadOnlyList<DeadlockCycle> Deadlocks,
    IReadOnlyList<string> Warnings, IReadOnlyDictionary<int, string> Comms)
{
    /// <summary>From the engine's lock report, the commands taken from the report's task rows.</summary>
    public static LocksView Of(LockReport report, IReadOnlyList<TaskRow> tasks)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(tasks);
        return new(
            [.. report.Locks.Select(l => new LockRow(l.Name, l.Address, l.Kind, l.OwnerPid, l.WaiterPids))],
            [.. report.HeldLocks.Select(t => new LockdepTask(t.Pid, t.Comm,
                [.. t.Locks.Select(h => new LockdepHeld(h.Index, h.LockdepMap, h.ClassName, h.AcquireSite ?? h.AcquireIp.ToString("x", System.Globalization.CultureInfo.InvariantCulture)))]))],
            [.. report.Deadlocks.Select(d => new DeadlockCycle(d.Pids, d.Locks))],
            report.Warnings,
            tasks.GroupBy(t => t.Pid).ToDictionary(g => g.Key, g => g.First().Comm));
    }

    /// <summary>The command of <paramref name="pid"/>, or null when the report's task list does not name it.</summary>
    public string? CommOf(int pid) => Comms.GetValueOrDefault(pid);

    /// <summary>The task as crash names it, "comm/pid" ("?" for a command the task list does not name).</summary>
    public string TaskName(int pid) => $"{CommOf(pid) ?? "?"}/{pid}";
}

/// <summary>One sleeping lock the dump shows as held or contended.</summary>
/// <param name="Name">The lock's symbol ("symbol+0xoff" inside an object) or lockdep name.</param>
/// <param name="Address">The lock object's address.</param>
/// <param name="Kind">"mutex", "rw_semaphore", "semaphore" or "lockdep".</param>
/// <param name="OwnerPid">The owner, null when none or unknown.</param>
/// <param name="WaiterPids">The tasks queued on the lock, in queue order.</param>
public sealed record LockRow(string Name, ulong Address, string Kind, int? OwnerPid, IReadOnlyList<int> WaiterPids);

/// <summary>The lockdep held locks of one task (`N locks held by comm/pid:`).</summary>
public sealed record LockdepTask(int Pid, string Comm, IReadOnlyList<LockdepHeld> Locks);

/// <summary>One entry of a task's lockdep held locks, as lockdep's print_lock() (kernel/locking/lockdep.c) shows it.</summary>
/// <param name="Index">The position in held_locks[] (the `#N`).</param>
/// <param name="LockdepMap">The lockdep_map address the kernel prints.</param>
/// <param name="ClassName">The lock class name.</param>
/// <param name="At">Where it was acquired: `function+0xoff/0xsize`, or the bare address in hex when unresolved.</param>
public sealed record LockdepHeld(int Index, ulong LockdepMap, string ClassName, string At);

/// <summary>A cycle in the wait-for graph: each task waits for a lock owned by the next one.</summary>
/// <param name="Pids">The tasks of the cycle, in wait order (the last waits for the first).</param>
/// <param name="Locks">Lock names: Locks[i] is what Pids[i] waits for.</param>
public sealed record DeadlockCycle(IReadOnlyList<int> Pids, IReadOnlyList<string> Locks);
