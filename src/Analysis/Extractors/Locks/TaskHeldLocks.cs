namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>The lockdep held locks of one task (`N locks held by comm/pid:`).</summary>
public sealed record TaskHeldLocks(int Pid, string Comm, ulong Task, IReadOnlyList<HeldLock> Locks);
