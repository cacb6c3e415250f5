namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>An edge of the wait-for graph: <paramref name="WaiterPid"/> waits on a lock owned by <paramref name="OwnerPid"/>.</summary>
public sealed record WaitEdge(int WaiterPid, int OwnerPid, string Lock, ulong LockAddress);
