namespace Crashdesk.Cli.Commands;

/// <summary>
/// `locks --json`: `{"locks": [{"name", "address", "kind", "ownerPid", "waiterPids"}]}` (the address is
/// the lock object's own, the `struct mutex` or `struct rw_semaphore`, as drgn reports it), plus
/// lockdep's held locks per task, the wait-for edges and the deadlock cycles. Addresses are hex strings.
/// </summary>
internal sealed record LocksJson(
    IReadOnlyList<LocksJson.Lock> Locks,
    IReadOnlyList<LocksJson.TaskHeld> HeldLocks,
    IReadOnlyList<LocksJson.Edge> WaitFor,
    IReadOnlyList<LocksJson.Cycle> Deadlocks)
{
    public sealed record Lock(string Name, string Address, string Kind, int? OwnerPid, IReadOnlyList<int> WaiterPids, IReadOnlyList<int> HolderPids);

    public sealed record TaskHeld(int Pid, string Comm, IReadOnlyList<Held> Locks);

    public sealed record Held(int Index, string LockdepMap, string Name, string? AcquireSite);

    public sealed record Edge(int WaiterPid, int OwnerPid, string Lock);

    public sealed record Cycle(IReadOnlyList<int> Pids, IReadOnlyList<string> Locks);
}
