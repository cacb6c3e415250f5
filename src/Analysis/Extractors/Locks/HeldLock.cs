namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>
/// One entry of a task's lockdep `held_locks[]`, as lockdep's print_lock() shows it
/// (kernel/locking/lockdep.c): `#0: ffffffff8f6f7b08 (corpus_mutex){+.+.}-{3:3}, at: corpus_holder_fn+0xe/0x40`.
/// </summary>
/// <param name="Index">Position in held_locks[] (the `#N`).</param>
/// <param name="LockdepMap">held_lock.instance: the lockdep_map address the kernel prints.</param>
/// <param name="ClassName">Lock class name with lockdep's `#name_version` and `/subclass` suffixes.</param>
/// <param name="AcquireIp">held_lock.acquire_ip.</param>
/// <param name="AcquireSite">acquire_ip as `function+0xoff/0xsize`, null when unresolved.</param>
/// <param name="Read">held_lock.read: 0 exclusive, 1 shared, 2 shared recursive.</param>
public sealed record HeldLock(int Index, ulong LockdepMap, string ClassName, ulong AcquireIp, string? AcquireSite, int Read);
